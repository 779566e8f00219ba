package dev.osc.testkit;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the requests a client sends, by method and resource kind: for benchmarks and tests. */
public final class RequestCounter implements Interceptor {
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  /** A new client on the same API whose every request is counted here. */
  public KubernetesClient client(EmbeddedApi api) {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(api.kubeconfig()))
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count", this))
        .build();
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    counts.computeIfAbsent(request.method() + " " + resource(request.uri().getPath()),
        k -> new AtomicLong()).incrementAndGet();
  }

  /** "nodes", "kataconfigs/status", ... from an API path. */
  static String resource(String path) {
    String[] parts = path.split("/");
    // /api/v1/<res>[/<name>[/<sub>]] or /apis/<g>/<v>/<res>..., with namespaces/<ns>/ inside.
    int i = path.startsWith("/apis/") ? 4 : 3;
    if (parts.length > i + 1 && parts[i].equals("namespaces") && parts.length > i + 2) {
      i += 2;
    }
    if (parts.length <= i) {
      return path;
    }
    return parts.length > i + 2 ? parts[i] + "/" + parts[i + 2] : parts[i];
  }

  public long writes() {
    return counts.entrySet().stream()
        .filter(e -> !e.getKey().startsWith("GET"))
        .mapToLong(e -> e.getValue().get()).sum();
  }

  public long total() {
    return counts.values().stream().mapToLong(AtomicLong::get).sum();
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public void reset() {
    counts.clear();
  }
}
