package dev.osc.testkit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Stands in for OpenShift's cloud-credential operator (CCO), which cannot run here, on AWS in mint
 * mode. As the real one does for each CredentialsRequest in its namespace {@code
 * openshift-cloud-credential-operator} whose providerSpec is an AWSProviderSpec: it makes IAM
 * credentials for the statement entries (here: a fixed access key pair, {@link #ACCESS_KEY_ID}),
 * writes them into the Secret named by {@code spec.secretRef} with the keys {@code
 * aws_access_key_id}, {@code aws_secret_access_key} and {@code credentials} (the same pair as an
 * AWS shared credentials file), sets {@code status.provisioned: true}; when the CredentialsRequest
 * is deleted, it deletes that Secret (the real one uses a finalizer; here the informer's delete
 * event). It does not check the actions against an IAM policy.
 */
public final class CloudCredentialOperatorSimulator implements AutoCloseable {
  public static final String NAMESPACE = "openshift-cloud-credential-operator";
  public static final String ACCESS_KEY_ID = "AKIASIMULATEDCCO0001";
  public static final String SECRET_ACCESS_KEY = "simulated/cco/secret/access/key/0001";

  private final KubernetesClient client;
  private final SharedIndexInformer<GenericKubernetesResource> informer;

  private CloudCredentialOperatorSimulator(KubernetesClient client) {
    this.client = client;
    this.informer =
        client
            .genericKubernetesResources("cloudcredential.openshift.io/v1", "CredentialsRequest")
            .inNamespace(NAMESPACE)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GenericKubernetesResource cr) {
                    provision(cr);
                  }

                  @Override
                  public void onUpdate(
                      GenericKubernetesResource before, GenericKubernetesResource cr) {
                    provision(cr);
                  }

                  @Override
                  public void onDelete(GenericKubernetesResource cr, boolean unknownFinalState) {
                    Map<String, Object> ref = secretRef(cr);
                    client
                        .secrets()
                        .inNamespace((String) ref.get("namespace"))
                        .withName((String) ref.get("name"))
                        .delete();
                  }
                });
  }

  /** Starts answering CredentialsRequests (the CRD must be served). */
  public static CloudCredentialOperatorSimulator start(KubernetesClient client) {
    return new CloudCredentialOperatorSimulator(client);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> secretRef(GenericKubernetesResource cr) {
    Map<String, Object> spec = (Map<String, Object>) cr.getAdditionalProperties().get("spec");
    return (Map<String, Object>) spec.get("secretRef");
  }

  @SuppressWarnings("unchecked")
  private void provision(GenericKubernetesResource cr) {
    Map<String, Object> spec = (Map<String, Object>) cr.getAdditionalProperties().get("spec");
    Map<String, Object> provider = (Map<String, Object>) spec.get("providerSpec");
    if (provider == null || !"AWSProviderSpec".equals(provider.get("kind"))) {
      return;
    }
    Map<String, Object> ref = secretRef(cr);
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName((String) ref.get("name"))
                .withNamespace((String) ref.get("namespace"))
                .withAnnotations(
                    Map.of(
                        "cloudcredential.openshift.io/credentials-request",
                        NAMESPACE + "/" + cr.getMetadata().getName()))
                .endMetadata()
                .withData(
                    Map.of(
                        "aws_access_key_id", b64(ACCESS_KEY_ID),
                        "aws_secret_access_key", b64(SECRET_ACCESS_KEY),
                        "credentials",
                            b64(
                                "[default]\naws_access_key_id = "
                                    + ACCESS_KEY_ID
                                    + "\naws_secret_access_key = "
                                    + SECRET_ACCESS_KEY
                                    + "\n")))
                .build())
        .createOr(r -> r.update());
    Object status = cr.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> s && Boolean.TRUE.equals(s.get("provisioned")))) {
      cr.getAdditionalProperties()
          .put(
              "status",
              Map.of("provisioned", true, "lastSyncGeneration", cr.getMetadata().getGeneration()));
      client.resource(cr).updateStatus();
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    informer.close();
  }
}
