package dev.osc.operator.peerpods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.tls.Pem;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookCertificatesTest {
  static final List<String> NAMES =
      WebhookCertificates.dnsNames(
          "peer-pods-webhook-svc", "openshift-sandboxed-containers-operator");
  static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

  @Test
  void issuesAServingCertificateForTheServiceSignedByItsCa() throws Exception {
    Map<String, String> pem = WebhookCertificates.issue(null, NAMES, NOW);
    X509Certificate ca = Pem.certificate(pem.get(WebhookCertificates.CA));
    X509Certificate cert = Pem.certificate(pem.get(WebhookCertificates.CERT));
    cert.verify(ca.getPublicKey());
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(cert.getSubjectAlternativeNames().stream().map(s -> (Object) s.get(1)).toList())
        .containsExactlyInAnyOrder(
            "peer-pods-webhook-svc.openshift-sandboxed-containers-operator.svc",
            "peer-pods-webhook-svc.openshift-sandboxed-containers-operator.svc.cluster.local");
    assertThat(WebhookCertificates.usable(pem, NAMES, NOW)).isTrue();
  }

  @Test
  void namesAnIpAddressAsSuch() throws Exception {
    Map<String, String> pem =
        WebhookCertificates.issue(null, List.of("localhost", "127.0.0.1"), NOW);
    X509Certificate cert = Pem.certificate(pem.get(WebhookCertificates.CERT));
    assertThat(cert.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
  }

  @Test
  void renewsWhenAThirdOfTheLifeIsLeftKeepingTheCa() throws Exception {
    Map<String, String> pem = WebhookCertificates.issue(null, NAMES, NOW);
    assertThat(WebhookCertificates.usable(pem, NAMES, NOW.plus(Duration.ofDays(59)))).isTrue();
    Instant later = NOW.plus(Duration.ofDays(61));
    assertThat(WebhookCertificates.usable(pem, NAMES, later)).isFalse();
    Map<String, String> renewed = WebhookCertificates.issue(pem, NAMES, later);
    assertThat(renewed.get(WebhookCertificates.CA)).isEqualTo(pem.get(WebhookCertificates.CA));
    assertThat(renewed.get(WebhookCertificates.CERT))
        .isNotEqualTo(pem.get(WebhookCertificates.CERT));
    Pem.certificate(renewed.get(WebhookCertificates.CERT))
        .verify(Pem.certificate(pem.get(WebhookCertificates.CA)).getPublicKey());
  }

  @Test
  void otherNamesMissingKeysOrGarbageAreNotUsable() {
    Map<String, String> pem = WebhookCertificates.issue(null, NAMES, NOW);
    assertThat(WebhookCertificates.usable(pem, List.of("other.ns.svc"), NOW)).isFalse();
    Map<String, String> partial = new HashMap<>(pem);
    partial.remove(WebhookCertificates.KEY);
    assertThat(WebhookCertificates.usable(partial, NAMES, NOW)).isFalse();
    Map<String, String> garbage = new HashMap<>(pem);
    garbage.put(WebhookCertificates.CERT, "not a certificate");
    assertThat(WebhookCertificates.usable(garbage, NAMES, NOW)).isFalse();
    assertThat(WebhookCertificates.usable(null, NAMES, NOW)).isFalse();
  }
}
