package dev.osc.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificateAuthorityTest {
  static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
  static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  @Test
  void theCaIsACaForItsLifetime() throws Exception {
    CertificateAuthority ca =
        CertificateAuthority.create("CN=test-ca, O=osc", Duration.ofDays(10), NOW);
    X509Certificate cert = ca.certificate();

    cert.verify(cert.getPublicKey());
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=test-ca,O=osc");
    assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(cert.getNotBefore().toInstant()).isEqualTo(NOW.minus(Signing.CLOCK_SKEW));
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(10)));
  }

  @Test
  void aServerLeafIsNamedForEveryNameAndSignedByTheCa() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("CN=test-ca");
    Identity server =
        ca.issue(Leaf.server("svc.ns.svc", "127.0.0.1", "::1").validFor(Duration.ofDays(90)), NOW);
    X509Certificate cert = server.certificate();

    cert.verify(ca.certificate().getPublicKey());
    assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=svc.ns.svc");
    assertThat(cert.getSubjectAlternativeNames())
        .containsExactly(
            List.of(2, "svc.ns.svc"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
    assertThat(cert.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(90)));
    assertThat(Identity.matches(server.key(), cert.getPublicKey())).isTrue();
    assertThat(server.toString()).isEqualTo("Identity[CN=svc.ns.svc]");
  }

  @Test
  void aServerLeafWithoutANameIsRefused() {
    assertThatThrownBy(() -> Leaf.server(List.of()))
        .hasMessage("a server certificate needs at least one name");
  }

  @Test
  void aClientLeafHasNoAlternativeNames() throws Exception {
    X509Certificate cert =
        CertificateAuthority.create("CN=test-ca")
            .issue(Leaf.client("cloud-api-adaptor"))
            .certificate();

    assertThat(cert.getSubjectAlternativeNames()).isNull();
    assertThat(cert.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
  }

  @Test
  void aSelfSignedLeafVerifiesWithItsOwnKeyInEitherKeyType() throws Exception {
    for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
      Identity self = Leaf.server("localhost").withKey(algorithm).selfSigned(NOW);
      self.certificate().verify(self.certificate().getPublicKey());
      assertThat(self.key().getAlgorithm())
          .isEqualTo(algorithm == KeyAlgorithm.EC_P256 ? "EC" : "RSA");
    }
  }

  @Test
  void aCaReadBackFromPemIssuesLeavesTheOriginalVerifies() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("CN=test-ca");
    CertificateAuthority readBack =
        new CertificateAuthority(
            Identity.fromPem(ca.identity().certificatePem(), ca.identity().keyPem(KeyFormat.SEC1)));

    readBack.issue(Leaf.client("c")).certificate().verify(ca.certificate().getPublicKey());
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() {
    Identity a = Leaf.server("a").selfSigned();
    Identity b = Leaf.server("b").selfSigned();
    assertThatThrownBy(() -> Identity.fromPem(a.certificatePem(), b.keyPem()))
        .hasMessage("the private key is not the certificate's key");
  }

  @Test
  void mutualTlsAcceptsTheCasClientsOnly() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("CN=test-ca");
    SSLContext server = TlsContexts.of(ca.issue(Leaf.server("localhost")), ca.certificate());
    SSLContext client = TlsContexts.of(ca.issue(Leaf.client("client")), ca.certificate());
    CertificateAuthority other = CertificateAuthority.create("CN=other-ca");
    SSLContext stranger = TlsContexts.of(other.issue(Leaf.client("stranger")), ca.certificate());

    assertThat(handshake(server, client)).isEqualTo("CN=client");
    assertThatThrownBy(() -> handshake(server, stranger)).isInstanceOf(IOException.class);
  }

  /** The identity goes straight to the handshake, no key store: both key types, both versions. */
  @ParameterizedTest
  @CsvSource({"EC_P256, TLSv1.2", "EC_P256, TLSv1.3", "RSA_2048, TLSv1.2", "RSA_2048, TLSv1.3"})
  void mutualTlsWorksForEitherKeyTypeAndVersion(KeyAlgorithm keys, String protocol)
      throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("CN=test-ca");
    SSLContext server =
        TlsContexts.of(ca.issue(Leaf.server("localhost").withKey(keys)), ca.certificate());
    SSLContext client =
        TlsContexts.of(ca.issue(Leaf.client("client").withKey(keys)), ca.certificate());

    assertThat(handshake(server, client, protocol)).isEqualTo("CN=client");
  }

  @ParameterizedTest
  @CsvSource({
    "EC, EC, true",
    "EC_EC, EC, true",
    "EC_RSA, EC, true",
    "RSA, EC, false",
    "RSA_EC, EC, false",
    "RSA, RSA, true",
    "RSA_RSA, RSA, true",
    "RSASSA-PSS, RSA, true",
    "EC, RSA, false",
    "ec, EC, true",
    "DSA, EC, false"
  })
  void theIdentityIsOfferedOnlyForItsKeyType(String asked, String key, boolean offered) {
    assertThat(IdentityKeyManager.fits(asked, key)).isEqualTo(offered);
  }

  private static String handshake(SSLContext server, SSLContext client) throws Exception {
    return handshake(server, client, null);
  }

  /**
   * One handshake on loopback in {@code protocol} (null: the newest both have); the client's
   * certificate subject as the server saw it.
   */
  private static String handshake(SSLContext server, SSLContext client, String protocol)
      throws Exception {
    try (SSLServerSocket listening =
        (SSLServerSocket)
            server
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listening.setNeedClientAuth(true);
      CompletableFuture<String> seen =
          CompletableFuture.supplyAsync(
              () -> {
                try (SSLSocket s = (SSLSocket) listening.accept()) {
                  s.startHandshake();
                  s.getInputStream().read();
                  return ((X509Certificate) s.getSession().getPeerCertificates()[0])
                      .getSubjectX500Principal()
                      .getName();
                } catch (IOException e) {
                  return "refused";
                }
              });
      try (SSLSocket s =
          (SSLSocket)
              client
                  .getSocketFactory()
                  .createSocket(InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
        if (protocol != null) {
          s.setEnabledProtocols(new String[] {protocol});
        }
        s.startHandshake();
        assertThat(protocol == null ? s.getSession().getProtocol() : protocol)
            .isEqualTo(s.getSession().getProtocol());
        s.getOutputStream().write(1); // TLS 1.3: the server judges the client after this
        s.getOutputStream().flush();
        s.getInputStream().read();
      }
      String who = seen.get(30, TimeUnit.SECONDS);
      if (who.equals("refused")) {
        throw new IOException("the server refused the client");
      }
      return who;
    }
  }
}
