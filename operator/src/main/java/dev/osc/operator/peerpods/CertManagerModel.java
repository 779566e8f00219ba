package dev.osc.operator.peerpods;

import dev.osc.api.PeerPods;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.List;
import java.util.Map;

/**
 * The webhook's certificate when cert-manager runs in the cluster: a self-signed Issuer and a
 * Certificate whose Secret the webhook mounts. cert-manager renews it (default: 90 days, renewed 30
 * days before expiry) and its CA injector keeps the webhook configurations' caBundle in step. Pure.
 */
public final class CertManagerModel {
  private CertManagerModel() {}

  public static GenericKubernetesResource issuer(String namespace) {
    return resource("Issuer", PeerPods.WEBHOOK_ISSUER, namespace, Map.of("selfSigned", Map.of()));
  }

  public static GenericKubernetesResource certificate(String namespace) {
    return resource(
        "Certificate",
        PeerPods.WEBHOOK_CERTIFICATE,
        namespace,
        Map.of(
            "secretName", PeerPods.WEBHOOK_SECRET,
            "dnsNames", WebhookCertificates.dnsNames(PeerPods.WEBHOOK_SERVICE, namespace),
            "usages", List.of("server auth", "digital signature", "key encipherment"),
            "privateKey", Map.of("algorithm", "ECDSA", "size", 256, "rotationPolicy", "Always"),
            "issuerRef",
                Map.of(
                    "group",
                    PeerPods.CERT_MANAGER_GROUP,
                    "kind",
                    "Issuer",
                    "name",
                    PeerPods.WEBHOOK_ISSUER)));
  }

  /** The value of {@link PeerPods#ANNOTATION_INJECT_CA_FROM} on the webhook configurations. */
  public static String injectCaFrom(String namespace) {
    return namespace + "/" + PeerPods.WEBHOOK_CERTIFICATE;
  }

  private static GenericKubernetesResource resource(
      String kind, String name, String namespace, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(PeerPods.CERT_MANAGER_GROUP + "/" + PeerPods.CERT_MANAGER_VERSION)
        .withKind(kind)
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .addToAdditionalProperties("spec", spec)
        .build();
  }
}
