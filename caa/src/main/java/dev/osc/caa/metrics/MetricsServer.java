package dev.osc.caa.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * {@code GET /metrics} (Prometheus text format) and {@code GET /healthz} over HTTPS, TLS 1.2+.
 * Anything else is 404, a method other than GET 405.
 */
public final class MetricsServer implements AutoCloseable {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpsServer server;

  private MetricsServer(HttpsServer server) {
    this.server = server;
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
              reply(exchange, 405, "only GET\n", "text/plain");
            } else if (exchange.getRequestURI().getPath().equals("/metrics")) {
              reply(exchange, 200, metrics.render(), CONTENT_TYPE);
            } else if (exchange.getRequestURI().getPath().equals("/healthz")) {
              reply(exchange, 200, "ok\n", "text/plain");
            } else {
              reply(exchange, 404, "not found\n", "text/plain");
            }
          }
        });
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "caa-metrics");
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

  private static void reply(HttpExchange exchange, int status, String body, String type)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
