package dev.osc.api.certmanager;

import dev.osc.api.PeerPods;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * cert-manager's Issuer and Certificate, addressed without discovery: we only create a few fields
 * of them, so generic resources do and no cert-manager types are needed.
 */
public final class CertManagerResources {
  private CertManagerResources() {}

  public static final ResourceDefinitionContext ISSUERS = context("Issuer", "issuers");
  public static final ResourceDefinitionContext CERTIFICATES =
      context("Certificate", "certificates");

  private static ResourceDefinitionContext context(String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(PeerPods.CERT_MANAGER_GROUP)
        .withVersion(PeerPods.CERT_MANAGER_VERSION)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
