package dev.osc.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;

/**
 * fabric8's mock API server in CRUD mode on loopback: stores objects, serves watches, honours
 * finalizers and the status subresource of CRDs created in it. It does not validate schemas, run
 * admission or garbage-collect; the real-API-server test bed covers those.
 */
public final class MockApi implements EmbeddedApi {
  /** The mock logs every request through java.util.logging; keep its warnings only. */
  private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  public MockApi() {
    server = new KubernetesMockServer(
        new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
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
