package dev.osc.ttrpc;

import static dev.osc.ttrpc.bench.EchoService.NAME;
import static dev.osc.ttrpc.bench.EchoService.bytesValue;
import static dev.osc.ttrpc.bench.EchoService.readBytesValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.tls.CertificateAuthority;
import dev.osc.tls.Leaf;
import dev.osc.tls.TlsContexts;
import dev.osc.ttrpc.bench.EchoService;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TTRPC over TCP with mutual TLS; certificates from the project's tls module. */
class TlsTransportTest {
  private static SSLContext serving;
  private static SSLContext trusted;
  private static SSLContext stranger;
  private static TtrpcServer server;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("CN=ttrpc-test-ca");
    serving = TlsContexts.of(ca.issue(Leaf.server("localhost", "127.0.0.1")), ca.certificate());
    trusted = TlsContexts.of(ca.issue(Leaf.client("client")), ca.certificate());
    // Trusts the server; the server does not trust its issuer.
    stranger =
        TlsContexts.of(
            CertificateAuthority.create("CN=another-ca").issue(Leaf.client("stranger")),
            ca.certificate());
    server = new TtrpcServer().register(EchoService.definition());
    Listener listener =
        TlsSockets.listen(
            serving, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), true);
    port = TlsSockets.port(listener);
    server.serve(listener);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void roundTripWithMutualTls() throws Exception {
    try (TtrpcClient client = new TtrpcClient(TlsSockets.connect(trusted, "localhost", port))) {
      byte[] payload = new byte[200_000];
      payload[123] = 42;
      assertThat(readBytesValue(client.call(NAME, "Echo", bytesValue(payload)))).isEqualTo(payload);
    }
  }

  @Test
  void aClientOfferingOnlyTls11IsRefused() throws Exception {
    try (javax.net.ssl.SSLSocket old =
        (javax.net.ssl.SSLSocket) trusted.getSocketFactory().createSocket("localhost", port)) {
      old.setEnabledProtocols(new String[] {"TLSv1.1"});
      assertThatThrownBy(old::startHandshake).isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void clientWithoutATrustedCertificateIsRefused() {
    assertThatThrownBy(
            () -> {
              try (TtrpcClient client =
                  new TtrpcClient(TlsSockets.connect(stranger, "localhost", port))) {
                client.call(NAME, "Echo", new byte[0]);
              }
            })
        .isInstanceOfAny(java.io.IOException.class, TtrpcException.class);
  }
}
