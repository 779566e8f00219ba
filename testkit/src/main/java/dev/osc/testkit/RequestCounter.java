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

/**
 * Counts the requests a client sends, by verb and resource ("get runtimeclasses", "list nodes",
 * "patch kataconfigs/status"): for benchmarks and tests. The verbs are the API server's: a GET is
 * "get" for one object, "list" for a collection, "watch" with {@code watch=true}.
 */
public final class RequestCounter implements Interceptor {
  private static final java.util.Set<String> WRITES =
      java.util.Set.of("create", "update", "patch", "delete");

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
    counts
        .computeIfAbsent(
            key(request.method(), request.uri().getPath(), request.uri().getQuery()),
            k -> new AtomicLong())
        .incrementAndGet();
  }

  /** "get nodes", "list nodes", "patch kataconfigs/status", ... from a request. */
  static String key(String method, String path, String query) {
    String[] parts = path.split("/", -1);
    // /api/v1/<res>[/<name>[/<sub>]] or /apis/<g>/<v>/<res>..., with namespaces/<ns>/ inside.
    int i = path.startsWith("/apis/") ? 4 : 3;
    if (parts.length > i + 1 && parts[i].equals("namespaces") && parts.length > i + 2) {
      i += 2;
    }
    if (parts.length <= i) {
      return method.toLowerCase(java.util.Locale.ROOT) + " " + path;
    }
    boolean named = parts.length > i + 1;
    String resource = parts.length > i + 2 ? parts[i] + "/" + parts[i + 2] : parts[i];
    String verb =
        switch (method) {
          case "GET" ->
              query != null && query.contains("watch=true") ? "watch" : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          default -> method.toLowerCase(java.util.Locale.ROOT);
        };
    return verb + " " + resource;
  }

  /** Requests that change something: create, update, patch, delete. */
  public long writes() {
    return sum(verb -> WRITES.contains(verb));
  }

  /** Reads of single objects: what an informer cache saves. */
  public long gets() {
    return sum(verb -> verb.equals("get"));
  }

  public long total() {
    return sum(verb -> true);
  }

  private long sum(java.util.function.Predicate<String> verb) {
    return counts.entrySet().stream()
        .filter(e -> verb.test(e.getKey().substring(0, e.getKey().indexOf(' '))))
        .mapToLong(e -> e.getValue().get())
        .sum();
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
