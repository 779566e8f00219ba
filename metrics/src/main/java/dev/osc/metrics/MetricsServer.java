package dev.osc.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.osc.tls.CertificateAuthority;
import dev.osc.tls.Leaf;
import dev.osc.tls.TlsContexts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * {@code GET /metrics} (Prometheus text format) and {@code GET /healthz} over HTTPS, TLS 1.2+: the
 * one metrics endpoint of the operator, the webhook and the adaptor. Anything else is 404, a method
 * other than GET 405.
 */
public final class MetricsServer implements AutoCloseable {
  static {
    // No Nagle delay: the JDK server writes headers and body apart, and each scrape would wait
    // for a delayed ACK (about 40 ms; measured by ./osc bench metrics). Read once per process.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpsServer server;

  private MetricsServer(HttpsServer server) {
    this.server = server;
  }

  /**
   * Served with a certificate for {@code host} from a CA of its own, made at start: the traffic is
   * encrypted, and Prometheus scrapes without verifying (its ServiceMonitor says so).
   */
  public static MetricsServer selfSigned(InetSocketAddress address, String host, Metrics metrics)
      throws IOException {
    try {
      CertificateAuthority ca = CertificateAuthority.create("CN=" + host + " metrics CA");
      return start(
          address,
          TlsContexts.of(
              ca.issue(Leaf.server(host).validFor(CertificateAuthority.DEFAULT_LIFETIME)),
              ca.certificate()),
          metrics);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make the metrics certificate: " + e.getMessage(), e);
    }
  }

  public static MetricsServer start(InetSocketAddress address, SSLContext tls, Metrics metrics)
      throws IOException {
    HttpsServer server = HttpsServer.create(address, 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            var ssl = tls.getDefaultSSLParameters();
            ssl.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            params.setSSLParameters(ssl);
          }
        });
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
              reply(exchange, 405, text("only GET\n"), "text/plain");
            } else if (exchange.getRequestURI().getPath().equals("/metrics")) {
              ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
              metrics.write(body);
              reply(exchange, 200, body.toByteArray(), Metrics.contentType());
            } else if (exchange.getRequestURI().getPath().equals("/healthz")) {
              reply(exchange, 200, text("ok\n"), "text/plain");
            } else {
              reply(exchange, 404, text("not found\n"), "text/plain");
            }
          }
        });
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "metrics");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return new MetricsServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void reply(HttpExchange exchange, int status, byte[] body, String type)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
