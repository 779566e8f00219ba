package dev.osc.operator.k8s;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Node label writes as JSON merge patches: no read-modify-write, no conflicts with kubelet. */
public final class NodeLabels {
  private static final Logger LOG = LoggerFactory.getLogger(NodeLabels.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final KubernetesClient client;

  public NodeLabels(KubernetesClient client) {
    this.client = client;
  }

  /** Sets (value) or removes (null value) labels; returns the node as the server now has it. */
  public Node patch(String node, Map<String, String> changes) {
    Map<String, Object> labels = new LinkedHashMap<>(changes);
    String body = JSON.asJson(Map.of("metadata", Map.of("labels", labels)));
    LOG.info("node {}: labels {}", node, changes);
    return client.nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE), body);
  }
}
