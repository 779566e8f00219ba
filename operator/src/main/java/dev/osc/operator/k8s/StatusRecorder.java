package dev.osc.operator.k8s;

import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1.KataConfigStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;

/**
 * Writes KataConfig status through the status subresource, and only when it changed. A JSON
 * Patch that replaces the whole status means lists that became empty really disappear and no
 * resourceVersion race can make the write fail.
 */
public final class StatusRecorder {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private final KubernetesClient client;

  public StatusRecorder(KubernetesClient client) {
    this.client = client;
  }

  /** Returns true when a write happened. */
  public boolean record(KataConfig kc, KataConfigStatus status) {
    if (status.equals(kc.getStatus())) {
      return false;
    }
    String patch = JSON.asJson(List.of(Map.of("op", "add", "path", "/status", "value", status)));
    client.resources(KataConfig.class).withName(kc.getMetadata().getName())
        .subresource("status").patch(PatchContext.of(PatchType.JSON), patch);
    kc.setStatus(status);
    return true;
  }
}
