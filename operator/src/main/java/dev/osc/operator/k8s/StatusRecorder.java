package dev.osc.operator.k8s;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a custom resource's status through the status subresource, and only when it changed. A
 * JSON Patch that replaces the whole status means lists that became empty really disappear and no
 * resourceVersion race can make the write fail. The operator is the status's only writer, so the
 * last status it wrote is what the API server has even while the primary cache still shows an older
 * one: a pass that comes to the same status again writes nothing.
 */
public final class StatusRecorder {
  private final KubernetesClient client;

  /** By uid: a recreated resource starts afresh. */
  private final Map<String, Object> written = new ConcurrentHashMap<>();

  public StatusRecorder(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Gives {@code cr} the status this recorder last wrote for it, if any: what the API server has
   * while the cache the pass got {@code cr} from lags behind.
   */
  @SuppressWarnings("unchecked")
  public <S> void catchUp(CustomResource<?, S> cr) {
    Object last = cr.getMetadata().getUid() == null ? null : written.get(cr.getMetadata().getUid());
    if (last != null) {
      cr.setStatus((S) last);
    }
  }

  /** Returns true when a write happened. */
  public <S> boolean record(CustomResource<?, S> cr, S status) {
    String uid = cr.getMetadata().getUid();
    if (status.equals(cr.getStatus())) {
      return false;
    }
    String patch =
        client
            .getKubernetesSerialization()
            .asJson(List.of(Map.of("op", "add", "path", "/status", "value", status)));
    client.resource(cr).subresource("status").patch(PatchContext.of(PatchType.JSON), patch);
    cr.setStatus(status);
    if (uid != null) {
      written.put(uid, status);
    }
    return true;
  }
}
