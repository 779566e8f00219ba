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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
  void connectingWithoutAThreadWaitingReachesTheServerAsItsName() throws Exception {
    var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    var handshakes = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.CompletableFuture<Connection>> dials = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        dials.add(
            TlsSockets.connectAsync(
                trusted, address, "localhost", java.time.Duration.ofSeconds(30), handshakes));
      }
      for (var dial : dials) {
        try (TtrpcClient client = new TtrpcClient(dial.get(60, TimeUnit.SECONDS))) {
          assertThat(readBytesValue(client.call(NAME, "Echo", bytesValue(new byte[] {7}))))
              .containsExactly(7);
        }
      }
      // The certificate is for localhost, not for this name: refused.
      assertThatThrownBy(
              () ->
                  TlsSockets.connectAsync(
                          trusted,
                          address,
                          "elsewhere",
                          java.time.Duration.ofSeconds(30),
                          handshakes)
                      .get(60, TimeUnit.SECONDS))
          .hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    } finally {
      handshakes.shutdownNow();
    }
  }

  @Test
  void aConnectNobodyAnswersTimesOutAndOneRefusedFailsAtOnce() throws Exception {
    // A listener that never accepts, its queue full: the kernel drops further SYNs, as a booting
    // VM's network does.
    try (var full = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort());
      List<java.net.Socket> queued = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          var s = new java.net.Socket();
          try {
            s.connect(address, 200);
            queued.add(s);
          } catch (java.net.SocketTimeoutException e) {
            s.close();
            break; // the queue is full
          }
        }
        assertThatThrownBy(
                () ->
                    TlsSockets.connectAsync(
                            trusted,
                            address,
                            "localhost",
                            java.time.Duration.ofMillis(300),
                            Runnable::run)
                        .get(60, TimeUnit.SECONDS))
            .hasCauseInstanceOf(java.net.SocketTimeoutException.class)
            .hasMessageContaining("timed out");
      } finally {
        for (var s : queued) {
          s.close();
        }
      }
    }
    int closedPort;
    try (var gone = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = gone.getLocalPort();
    }
    assertThatThrownBy(
            () ->
                TlsSockets.connectAsync(
                        trusted,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort),
                        "localhost",
                        java.time.Duration.ofSeconds(30),
                        Runnable::run)
                    .get(60, TimeUnit.SECONDS))
        .hasCauseInstanceOf(java.net.ConnectException.class);
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
