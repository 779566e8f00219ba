package dev.osc.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.tls.CertificateAuthority;
import dev.osc.tls.Leaf;
import dev.osc.tls.TlsContexts;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
  @Test
  void servesTheMetricsOverHttps() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("CN=test-ca");
    Metrics metrics = new Metrics();
    GaugeWithCallback.builder()
        .name("vms_running")
        .help("VMs.")
        .callback(cb -> cb.call(3))
        .register(metrics.registry());
    try (MetricsServer server =
        MetricsServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            TlsContexts.of(ca.issue(Leaf.server("localhost")), ca.certificate()),
            metrics)) {
      HttpClient client =
          HttpClient.newBuilder()
              .sslContext(TlsContexts.of(ca.issue(Leaf.client("prometheus")), ca.certificate()))
              .build();
      var response =
          client.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(response.body()).contains("vms_running 3.0");
      assertThat(
              client
                  .send(
                      HttpRequest.newBuilder(
                              URI.create("https://localhost:" + server.port() + "/other"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(404);
    }
  }
}
