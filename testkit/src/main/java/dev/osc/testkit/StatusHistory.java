package dev.osc.testkit;

import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1.KataConfigStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Records every distinct status a KataConfig goes through, as the documentation's table 8.1 shows
 * them (conditions without lastTransitionTime, and kataNodes).
 */
public final class StatusHistory implements AutoCloseable {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private final List<Map<String, Object>> documents = new ArrayList<>();
  private final SharedIndexInformer<KataConfig> informer;
  private final Consumer<Map<String, Object>> listener;

  public StatusHistory(KubernetesClient client, String name, Consumer<Map<String, Object>> l) {
    this.listener = l;
    this.informer =
        client
            .resources(KataConfig.class)
            .withName(name)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(KataConfig kc) {
                    add(kc.getStatus());
                  }

                  @Override
                  public void onUpdate(KataConfig old, KataConfig kc) {
                    add(kc.getStatus());
                  }

                  @Override
                  public void onDelete(KataConfig kc, boolean unknown) {}
                });
  }

  public StatusHistory(KubernetesClient client, String name) {
    this(client, name, d -> {});
  }

  /** The documented view of a status: the InProgress condition's meaning and kataNodes. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> document(KataConfigStatus status) {
    Map<String, Object> doc = new LinkedHashMap<>();
    if (status == null) {
      return doc;
    }
    Map<String, Object> raw = JSON.convertValue(status, Map.class);
    List<Map<String, Object>> conditions = new ArrayList<>();
    for (Map<String, Object> c :
        (List<Map<String, Object>>) raw.getOrDefault("conditions", List.of())) {
      Map<String, Object> copy = new LinkedHashMap<>(c);
      copy.remove("lastTransitionTime");
      conditions.add(copy);
    }
    if (!conditions.isEmpty()) {
      doc.put("conditions", conditions);
    }
    doc.put("kataNodes", raw.get("kataNodes"));
    return doc;
  }

  private synchronized void add(KataConfigStatus status) {
    if (status == null) {
      return;
    }
    Map<String, Object> doc = document(status);
    if (documents.isEmpty() || !Objects.equals(documents.get(documents.size() - 1), doc)) {
      documents.add(doc);
      listener.accept(doc);
    }
  }

  public synchronized List<Map<String, Object>> documents() {
    return List.copyOf(documents);
  }

  @Override
  public void close() {
    informer.close();
  }
}
