package dev.osc.operator.k8s;

import dev.osc.api.Meta;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Node label writes as JSON Patches of single keys: no read-modify-write of the whole node. */
public final class NodeLabels {
  private static final Logger LOG = LoggerFactory.getLogger(NodeLabels.class);

  private final KubernetesClient client;

  public NodeLabels(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Sets (value) or removes (null value) labels of the node as last seen; returns the node as the
   * server now has it.
   */
  public Node patch(Node seen, Map<String, String> changes) {
    String name = seen.getMetadata().getName();
    var ops = Meta.mapPatch(seen, "labels", changes);
    if (ops.isEmpty()) {
      return seen;
    }
    LOG.info("node {}: labels {}", name, changes);
    return client
        .nodes()
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON), client.getKubernetesSerialization().asJson(ops));
  }
}
