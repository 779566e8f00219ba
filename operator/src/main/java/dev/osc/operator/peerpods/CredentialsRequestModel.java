package dev.osc.operator.peerpods;

import dev.osc.api.Names;
import dev.osc.api.peerpods.PeerPodsKeys;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenShift's cloud credentials for peer pods on AWS (guide 3.2 never creates peer-pods-secret): a
 * CredentialsRequest for exactly the AWS calls the adaptor and the image Jobs make, which the
 * cloud-credential operator (CCO) answers with Secret {@link #CCO_SECRET} ({@code
 * aws_access_key_id}, {@code aws_secret_access_key}), mapped into peer-pods-secret unless the
 * administrator made that one. Names as upstream's operator spells them. Pure.
 */
public final class CredentialsRequestModel {
  private CredentialsRequestModel() {}

  public static final String GROUP = "cloudcredential.openshift.io";
  public static final String CRD = "credentialsrequests." + GROUP;
  public static final String NAME = "openshift-sandboxed-containers-aws";

  /** The CCO processes CredentialsRequests in its own namespace. */
  public static final String CCO_NAMESPACE = "openshift-cloud-credential-operator";

  /** Where the CCO writes the credentials, in the operator namespace. */
  public static final String CCO_SECRET = "cco-secret";

  /** Marks a peer-pods-secret the operator made from {@link #CCO_SECRET}: it may rewrite it. */
  public static final String LABEL_FROM_CCO =
      "kataconfiguration.openshift.io/credentials-request-based";

  /** The CCO's keys and the peer-pods-secret keys they become. */
  public static final Map<String, String> KEYS =
      Map.of(
          "aws_access_key_id", PeerPodsKeys.AWS_ACCESS_KEY_ID.name(),
          "aws_secret_access_key", PeerPodsKeys.AWS_SECRET_ACCESS_KEY.name());

  /**
   * The IAM actions: the adaptor's EC2 calls (RunInstances with tags, so CreateTags; the instance
   * types and the AMI's root volume; listing and terminating its VMs) and the image Jobs' (an AMI
   * from a disk uploaded to S3: ImportSnapshot, RegisterImage; and deregistering it).
   */
  public static final List<String> ACTIONS =
      List.of(
          "ec2:RunInstances",
          "ec2:CreateTags",
          "ec2:TerminateInstances",
          "ec2:DescribeInstances",
          "ec2:DescribeInstanceTypes",
          "ec2:DescribeImages",
          "ec2:RegisterImage",
          "ec2:DeregisterImage",
          "ec2:ImportSnapshot",
          "ec2:DescribeImportSnapshotTasks",
          "ec2:DescribeSnapshots",
          "s3:CreateBucket",
          "s3:GetBucketLocation",
          "s3:ListBucket",
          "s3:PutObject",
          "s3:GetObject",
          "s3:DeleteObject");

  /** The CredentialsRequest, for the operator namespace's service accounts that use it. */
  public static GenericKubernetesResource request(String namespace) {
    GenericKubernetesResource cr = new GenericKubernetesResource();
    cr.setApiVersion(GROUP + "/v1");
    cr.setKind("CredentialsRequest");
    cr.setMetadata(
        new ObjectMetaBuilder()
            .withName(NAME)
            .withNamespace(CCO_NAMESPACE)
            .withLabels(Map.of("app.kubernetes.io/managed-by", "sandboxed-containers-operator"))
            .build());
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("secretRef", Map.of("name", CCO_SECRET, "namespace", namespace));
    spec.put("serviceAccountNames", List.of("osc-caa", Names.PODVM_IMAGE_SERVICE_ACCOUNT));
    spec.put(
        "providerSpec",
        Map.of(
            "apiVersion",
            GROUP + "/v1",
            "kind",
            "AWSProviderSpec",
            "statementEntries",
            List.of(Map.of("effect", "Allow", "action", ACTIONS, "resource", "*"))));
    cr.setAdditionalProperties(new LinkedHashMap<>(Map.of("spec", spec)));
    return cr;
  }

  /** What to do about the credentials. */
  public enum Step {
    /** The administrator's peer-pods-secret: never touched. */
    KEEP_USERS,
    /** No credentials yet: ask the CCO. */
    REQUEST,
    /** The CCO answered: write (or correct) peer-pods-secret from its Secret. */
    WRITE,
    /** peer-pods-secret is ours and matches the CCO's Secret. */
    NOTHING
  }

  /**
   * @param peerPodsSecret peer-pods-secret, or null
   * @param ccoSecret {@link #CCO_SECRET}, or null
   */
  public static Step decide(Secret peerPodsSecret, Secret ccoSecret) {
    if (peerPodsSecret != null && !fromCco(peerPodsSecret)) {
      return Step.KEEP_USERS;
    }
    if (ccoSecret == null) {
      return Step.REQUEST;
    }
    Optional<Map<String, String>> want = mapped(ccoSecret);
    if (want.isEmpty()) {
      return Step.REQUEST; // the CCO has not written the keys yet
    }
    return peerPodsSecret != null && want.get().equals(peerPodsSecret.getData())
        ? Step.NOTHING
        : Step.WRITE;
  }

  /** peer-pods-secret's data (base64, as a Secret's data) from the CCO's, if it has both keys. */
  static Optional<Map<String, String>> mapped(Secret cco) {
    Map<String, String> data = cco.getData() == null ? Map.of() : cco.getData();
    Map<String, String> out = new LinkedHashMap<>();
    for (var key : KEYS.entrySet()) {
      String value = data.get(key.getKey());
      if (value == null || value.isEmpty()) {
        return Optional.empty();
      }
      out.put(key.getValue(), value);
    }
    return Optional.of(out);
  }

  /** peer-pods-secret from the CCO's Secret, owned by it (so it goes when the CCO deletes it). */
  public static Secret peerPodsSecret(String namespace, Secret cco) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(PeerPodsKeys.SECRET)
        .withNamespace(namespace)
        .withLabels(Map.of(LABEL_FROM_CCO, "true"))
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("v1")
                .withKind("Secret")
                .withName(cco.getMetadata().getName())
                .withUid(cco.getMetadata().getUid())
                .build())
        .endMetadata()
        .withType("Opaque")
        .withData(mapped(cco).orElseThrow())
        .build();
  }

  static boolean fromCco(Secret s) {
    return s.getMetadata().getLabels() != null
        && "true".equals(s.getMetadata().getLabels().get(LABEL_FROM_CCO));
  }
}
