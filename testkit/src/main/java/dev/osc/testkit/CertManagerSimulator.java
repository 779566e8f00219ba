package dev.osc.testkit;

import dev.osc.api.PeerPods;
import dev.osc.api.certmanager.CertManagerResources;
import dev.osc.tls.Identity;
import dev.osc.tls.Leaf;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for cert-manager's controller and CA injector in one namespace. It mirrors what the
 * operator relies on:
 *
 * <ul>
 *   <li>a Certificate whose {@code issuerRef} names an existing self-signed Issuer gets its Secret
 *       ({@code kubernetes.io/tls}: tls.crt, tls.key, and ca.crt, which for a self-signed issuer is
 *       the certificate itself), annotated {@code cert-manager.io/certificate-name}; it is
 *       re-issued when the Secret is missing, belongs to no Certificate, or its names differ from
 *       {@code dnsNames}; the Certificate's status turns Ready;
 *   <li>a webhook configuration annotated {@code cert-manager.io/inject-ca-from: ns/name} gets that
 *       Certificate's ca.crt as the caBundle of every webhook, whenever they differ.
 * </ul>
 */
public final class CertManagerSimulator extends TickingSimulator {
  static final String CERTIFICATE_NAME = "cert-manager.io/certificate-name";

  private final KubernetesClient client;
  private final String namespace;
  private final AtomicInteger issued = new AtomicInteger();

  public CertManagerSimulator(KubernetesClient client, String namespace) {
    super("cert-manager-simulator");
    this.client = client;
    this.namespace = namespace;
  }

  public CertManagerSimulator start() {
    startTicking();
    return this;
  }

  /** Certificates issued so far (a re-issue changes the caBundle of injected configurations). */
  public int issued() {
    return issued.get();
  }

  @Override
  void tick() {
    for (GenericKubernetesResource cert :
        client
            .genericKubernetesResources(CertManagerResources.CERTIFICATES)
            .inNamespace(namespace)
            .list()
            .getItems()) {
      reconcile(cert);
    }
    var admission = client.admissionRegistration().v1();
    admission
        .mutatingWebhookConfigurations()
        .list()
        .getItems()
        .forEach(m -> inject(m, m.getWebhooks().stream().map(w -> w.getClientConfig()).toList()));
    admission
        .validatingWebhookConfigurations()
        .list()
        .getItems()
        .forEach(v -> inject(v, v.getWebhooks().stream().map(w -> w.getClientConfig()).toList()));
  }

  private void reconcile(GenericKubernetesResource cert) {
    String name = cert.getMetadata().getName();
    Map<String, Object> spec = cert.get("spec");
    Map<String, Object> issuerRef = cert.get("spec", "issuerRef");
    GenericKubernetesResource issuer =
        client
            .genericKubernetesResources(CertManagerResources.ISSUERS)
            .inNamespace(namespace)
            .withName((String) issuerRef.get("name"))
            .get();
    if (issuer == null || issuer.get("spec", "selfSigned") == null) {
      return;
    }
    @SuppressWarnings("unchecked")
    List<String> dnsNames = (List<String>) spec.get("dnsNames");
    String secretName = (String) spec.get("secretName");
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    String issuedFor =
        secret == null || secret.getMetadata().getAnnotations() == null
            ? null
            : secret.getMetadata().getAnnotations().get(CERTIFICATE_NAME);
    String altNames =
        secret == null
            ? null
            : secret.getMetadata().getAnnotations().get("cert-manager.io/alt-names");
    if (name.equals(issuedFor) && String.join(",", dnsNames).equals(altNames)) {
      return;
    }
    Map<String, String> pem = selfSigned(dnsNames);
    Map<String, String> data = new java.util.HashMap<>();
    pem.forEach(
        (k, v) ->
            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.US_ASCII))));
    Secret desired =
        new SecretBuilder()
            .withNewMetadata()
            .withName(secretName)
            .withNamespace(namespace)
            .addToAnnotations(CERTIFICATE_NAME, name)
            .addToAnnotations("cert-manager.io/issuer-name", issuer.getMetadata().getName())
            .addToAnnotations("cert-manager.io/alt-names", String.join(",", dnsNames))
            .endMetadata()
            .withType("kubernetes.io/tls")
            .withData(data)
            .build();
    if (secret != null) {
      // cert-manager takes an existing Secret over, keeping its labels.
      desired.getMetadata().setLabels(secret.getMetadata().getLabels());
    }
    client.resource(desired).createOr(r -> r.update());
    issued.incrementAndGet();
    cert.setAdditionalProperty(
        "status",
        Map.of(
            "conditions",
            List.of(
                Map.of(
                    "type",
                    "Ready",
                    "status",
                    "True",
                    "reason",
                    "Ready",
                    "message",
                    "Certificate is up to date and has not expired"))));
    client
        .genericKubernetesResources(CertManagerResources.CERTIFICATES)
        .inNamespace(namespace)
        .resource(cert)
        .updateStatus();
  }

  private void inject(HasMetadata config, List<WebhookClientConfig> clientConfigs) {
    Map<String, String> annotations = config.getMetadata().getAnnotations();
    String from = annotations == null ? null : annotations.get(PeerPods.ANNOTATION_INJECT_CA_FROM);
    if (from == null || !from.startsWith(namespace + "/")) {
      return;
    }
    GenericKubernetesResource cert =
        client
            .genericKubernetesResources(CertManagerResources.CERTIFICATES)
            .inNamespace(namespace)
            .withName(from.substring(namespace.length() + 1))
            .get();
    Secret secret =
        cert == null
            ? null
            : client
                .secrets()
                .inNamespace(namespace)
                .withName((String) cert.get("spec", "secretName"))
                .get();
    String ca = secret == null ? null : secret.getData().get("ca.crt");
    if (ca == null || clientConfigs.stream().allMatch(c -> ca.equals(c.getCaBundle()))) {
      return;
    }
    clientConfigs.forEach(c -> c.setCaBundle(ca));
    client.resource(config).update();
  }

  /** A self-signed serving certificate, as cert-manager's SelfSigned issuer makes. */
  private static Map<String, String> selfSigned(List<String> dnsNames) {
    Identity self = Leaf.server(dnsNames).validFor(Duration.ofDays(90)).selfSigned();
    return Map.of(
        "tls.crt",
        self.certificatePem(),
        "ca.crt",
        self.certificatePem(),
        "tls.key",
        self.keyPem());
  }
}
