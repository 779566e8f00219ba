package dev.osc.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.osc.testkit.TestCerts;
import dev.osc.tls.Identity;
import dev.osc.tls.KeyAlgorithm;
import dev.osc.tls.TlsContexts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A kubelet's log endpoint on loopback, for a Node whose address and kubelet port point here: the
 * API server proxies {@code pods/log} to {@code GET /containerLogs/<ns>/<pod>/<container>} over
 * HTTPS with the query ({@code previous}, {@code sinceSeconds}, ...), as it does to a real kubelet.
 * No kubelet can run on this machine; this answers that one call like one (text/plain, 404 for an
 * unknown container) and records every query. It does not filter by time: tests check that the
 * window reached it.
 */
final class KubeletLogs implements AutoCloseable {
  private final HttpsServer server;
  // The API server fetches several logs at once: on the default executor (the dispatcher thread)
  // one connection's TLS handshake held up the others until the API server gave up.
  private final ExecutorService handlers = Executors.newFixedThreadPool(4);
  private final List<String> queries = new CopyOnWriteArrayList<>();

  /**
   * @param logs "ns/pod/container" (and "...?previous") to the log text
   */
  KubeletLogs(Map<String, String> logs) throws Exception {
    Identity cert = TestCerts.selfSigned("localhost", KeyAlgorithm.EC_P256);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(TlsContexts.of(cert, cert.certificate())));
    server.createContext(
        "/containerLogs/",
        exchange -> {
          String path = exchange.getRequestURI().getPath().substring("/containerLogs/".length());
          String query = String.valueOf(exchange.getRequestURI().getQuery());
          queries.add(path + "?" + query);
          boolean previous = query.contains("previous=true");
          String log = logs.get(previous ? path + "?previous" : path);
          if (log == null) {
            reply(exchange, 404, "container not found (\"" + path + "\")");
          } else {
            reply(exchange, 200, log);
          }
        });
    server.setExecutor(handlers);
    server.start();
  }

  private static void reply(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** "ns/pod/container?query" of every request so far. */
  List<String> queries() {
    return List.copyOf(queries);
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
