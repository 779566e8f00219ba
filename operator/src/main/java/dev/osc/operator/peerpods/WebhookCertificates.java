package dev.osc.operator.peerpods;

import dev.osc.tls.CertificateAuthority;
import dev.osc.tls.Identity;
import dev.osc.tls.Leaf;
import dev.osc.tls.Pem;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The webhook's own CA and serving certificate, kept in a Secret (tls.crt, tls.key, ca.crt) when no
 * certificate manager provides one. The serving certificate is renewed well before it expires (a
 * third of its life left) under the same CA, so the webhook configurations' caBundle stays valid
 * and the server picks the new files up without a restart.
 */
public final class WebhookCertificates {
  private WebhookCertificates() {}

  public static final String CA = "ca.crt";
  public static final String CERT = "tls.crt";
  public static final String KEY = "tls.key";
  public static final String CA_KEY = "ca.key";
  static final String CA_NAME = "CN=sandboxed-containers-webhook-ca";
  static final Duration CA_LIFETIME = Duration.ofDays(3650);
  static final Duration SERVING_LIFETIME = Duration.ofDays(90);

  /** The DNS names the API server uses to reach the webhook Service. */
  public static List<String> dnsNames(String service, String namespace) {
    return List.of(
        service + "." + namespace + ".svc", service + "." + namespace + ".svc.cluster.local");
  }

  /** Whether the Secret's data can keep serving: present, matching names, not near expiry. */
  public static boolean usable(Map<String, String> pem, List<String> names, Instant now) {
    if (pem == null || !pem.keySet().containsAll(List.of(CA, CERT, KEY, CA_KEY))) {
      return false;
    }
    try {
      X509Certificate cert = Pem.certificate(pem.get(CERT));
      Duration life =
          Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
      Instant renewAt = cert.getNotAfter().toInstant().minus(life.dividedBy(3));
      return now.isBefore(renewAt) && dnsNames(cert).containsAll(names);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static List<String> dnsNames(X509Certificate cert) throws CertificateParsingException {
    Collection<List<?>> sans = cert.getSubjectAlternativeNames();
    return sans == null
        ? List.of()
        : sans.stream().filter(s -> (Integer) s.get(0) == 2).map(s -> (String) s.get(1)).toList();
  }

  /**
   * New PEM data: a serving certificate for {@code names} (DNS names or IP addresses), signed by
   * the CA in {@code previous} when that CA is still good (kept as it was), else by a new CA.
   */
  public static Map<String, String> issue(
      Map<String, String> previous, List<String> names, Instant now) {
    String caPem = previous == null ? null : previous.get(CA);
    String caKeyPem = previous == null ? null : previous.get(CA_KEY);
    CertificateAuthority ca = reusable(caPem, caKeyPem, now);
    if (ca == null) {
      ca = CertificateAuthority.create(CA_NAME, CA_LIFETIME, now);
      caPem = ca.identity().certificatePem();
      caKeyPem = ca.identity().keyPem();
    }
    Identity serving = ca.issue(Leaf.server(names).validFor(SERVING_LIFETIME), now);
    return Map.of(
        CA, caPem, CA_KEY, caKeyPem, CERT, serving.certificatePem(), KEY, serving.keyPem());
  }

  /** The CA in the Secret if it is readable and outlives a serving certificate issued now. */
  private static CertificateAuthority reusable(String caPem, String caKeyPem, Instant now) {
    if (caPem == null || caKeyPem == null) {
      return null;
    }
    try {
      Identity ca = Identity.fromPem(caPem, caKeyPem);
      return ca.certificate().getNotAfter().toInstant().isAfter(now.plus(SERVING_LIFETIME))
          ? new CertificateAuthority(ca)
          : null;
    } catch (GeneralSecurityException e) {
      return null; // unreadable or mismatched: a new CA, and the caBundle follows
    }
  }
}
