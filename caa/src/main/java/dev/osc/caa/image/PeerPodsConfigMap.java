package dev.osc.caa.image;

import dev.osc.api.Names;
import dev.osc.api.peerpods.PeerPodsKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The image Job's view of peer-pods-cm: read it, and write one data key together with our creation
 * mark in a single JSON merge patch (the Job's RBAC allows get and patch, nothing else).
 */
public class PeerPodsConfigMap {
  private final KubernetesClient client;
  private final String namespace;

  public PeerPodsConfigMap(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** The value of {@code key}, or "" when the key or the ConfigMap is absent. */
  public String value(String key) {
    ConfigMap cm = get();
    String v = cm == null || cm.getData() == null ? null : cm.getData().get(key);
    return v == null ? "" : v.trim();
  }

  /**
   * Sets {@code key} to {@code imageId} and marks it as made by the Job, or with "" clears both.
   */
  public void write(String key, String imageId) {
    Map<String, Object> annotations = new HashMap<>();
    // A null member of a merge patch removes the annotation.
    annotations.put(Names.ANNOTATION_PODVM_IMAGE_CREATED, imageId.isEmpty() ? null : imageId);
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("metadata", Map.of("annotations", annotations));
    patch.put("data", Map.of(key, imageId));
    client
        .configMaps()
        .inNamespace(namespace)
        .withName(PeerPodsKeys.CONFIG_MAP)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            client.getKubernetesSerialization().asJson(patch));
  }

  private ConfigMap get() {
    return client.configMaps().inNamespace(namespace).withName(PeerPodsKeys.CONFIG_MAP).get();
  }
}
