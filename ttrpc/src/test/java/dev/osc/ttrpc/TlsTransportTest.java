package dev.osc.ttrpc;

import static dev.osc.ttrpc.bench.EchoService.NAME;
import static dev.osc.ttrpc.bench.EchoService.bytesValue;
import static dev.osc.ttrpc.bench.EchoService.readBytesValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.ttrpc.bench.EchoService;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TTRPC over TCP with mutual TLS; certificates made with the JDK's keytool. */
class TlsTransportTest {
  private static final char[] PASSWORD = "changeit".toCharArray();
  private static SSLContext trusted;
  private static SSLContext stranger;
  private static TtrpcServer server;
  private static int port;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    KeyStore identity = selfSigned(dir, "osc");
    trusted = context(identity, identity);
    stranger =
        context(
            selfSigned(dir, "stranger"),
            identity); // trusts the server; the server does not trust it
    server = new TtrpcServer().register(EchoService.definition());
    Listener listener =
        TlsSockets.listen(
            trusted, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), true);
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
    try (javax.net.ssl.SSLSocket old = (javax.net.ssl.SSLSocket)
        trusted.getSocketFactory().createSocket("localhost", port)) {
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

  private static KeyStore selfSigned(Path dir, String alias) throws Exception {
    Path file = dir.resolve(alias + ".p12");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                "CN=" + alias,
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore",
                file.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IllegalStateException("keytool failed: " + out);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  private static SSLContext context(KeyStore keys, KeyStore trust) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }
}
