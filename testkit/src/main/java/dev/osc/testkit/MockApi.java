package dev.osc.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * fabric8's mock API server in CRUD mode on loopback: stores objects, serves watches, honours
 * finalizers and the status subresource of CRDs created in it. It does not validate schemas, run
 * admission or garbage-collect; the real-API-server test bed covers those. A field selector on
 * anything but metadata.name and metadata.namespace (spec.nodeName, say) matches no object, where
 * the real API server selects by it. Tests can make it refuse requests ({@link #refuse}) as an API
 * server does when RBAC or admission says no.
 */
public final class MockApi implements EmbeddedApi {
  /**
   * The mock logs every request through java.util.logging; keep its warnings only. The field holds
   * the logger because java.util.logging keeps loggers weakly, and a collected one forgets its
   * level.
   */
  @SuppressWarnings("UnusedVariable")
  private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  /** "METHOD path-prefix" to the Status the API server answers instead. */
  private final Map<String, Map.Entry<Integer, String>> refusals = new ConcurrentHashMap<>();

  public MockApi() {
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new RefusingDispatcher(), false);
    try {
      server.init(InetAddress.getLoopbackAddress(), 0);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot start the embedded API server: " + e.getMessage(), e);
    }
    client = server.createClient();
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  /**
   * From now on answers {@code method} requests whose path starts with {@code pathPrefix} with a
   * Kubernetes Status of {@code code} and {@code message}, as the real API server refuses.
   */
  public void refuse(String method, String pathPrefix, int code, String reason, String message) {
    String status =
        client
            .getKubernetesSerialization()
            .asJson(
                Map.of(
                    "kind",
                    "Status",
                    "apiVersion",
                    "v1",
                    "status",
                    "Failure",
                    "code",
                    code,
                    "reason",
                    reason,
                    "message",
                    message));
    refusals.put(method + " " + pathPrefix, Map.entry(code, status));
  }

  /** Answers everything again. */
  public void refuseNothing() {
    refusals.clear();
  }

  private final class RefusingDispatcher extends KubernetesCrudDispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      for (var refusal : refusals.entrySet()) {
        String[] rule = refusal.getKey().split(" ", 2);
        if (rule[0].equals(request.getMethod()) && request.getPath().startsWith(rule[1])) {
          return new MockResponse()
              .setResponseCode(refusal.getValue().getKey())
              .setBody(refusal.getValue().getValue());
        }
      }
      return super.dispatch(request);
    }
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
