package dev.osc.operator.k8s;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;

/**
 * Writes a custom resource's status through the status subresource, and only when it changed. A
 * JSON Patch that replaces the whole status means lists that became empty really disappear and
 * no resourceVersion race can make the write fail.
 */
public final class StatusRecorder {
  private final KubernetesClient client;

  public StatusRecorder(KubernetesClient client) {
    this.client = client;
  }

  /** Returns true when a write happened. */
  public <S> boolean record(CustomResource<?, S> cr, S status) {
    if (status.equals(cr.getStatus())) {
      return false;
    }
    String patch = client.getKubernetesSerialization()
        .asJson(List.of(Map.of("op", "add", "path", "/status", "value", status)));
    client.resource(cr).subresource("status").patch(PatchContext.of(PatchType.JSON), patch);
    cr.setStatus(status);
    return true;
  }
}
