package dev.osc.operator.model;

import dev.osc.api.Meta;
import dev.osc.api.Names;
import dev.osc.api.v1.KataConfigSpec;
import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Which nodes should run kata: pure functions over node labels and the KataConfig spec. */
public final class NodeSelection {
  private NodeSelection() {}

  /**
   * A worker: labelled worker, or carrying no control-plane role at all (plain Kubernetes workers
   * usually have no role label).
   */
  public static boolean isWorker(Node node) {
    Map<String, String> labels = labels(node);
    return labels.containsKey(Names.LABEL_ROLE_WORKER)
        || !(labels.containsKey(Names.LABEL_ROLE_MASTER)
            || labels.containsKey(Names.LABEL_ROLE_CONTROL_PLANE));
  }

  /** Names of the worker nodes the spec selects; call only with a spec that validated. */
  public static Set<String> selected(List<Node> nodes, KataConfigSpec spec) {
    Set<String> out = new TreeSet<>();
    for (Node node : nodes) {
      if (isWorker(node) && matchesSpec(node, spec)) {
        out.add(node.getMetadata().getName());
      }
    }
    return out;
  }

  static boolean matchesSpec(Node node, KataConfigSpec spec) {
    Map<String, String> labels = labels(node);
    if (spec.isCheckNodeEligibility() && !"true".equals(labels.get(Names.LABEL_NFD_KATA_RUNTIME))) {
      return false;
    }
    return Meta.matches(spec.getKataConfigPoolSelector(), labels);
  }

  public static Map<String, String> labels(Node node) {
    return Meta.labels(node);
  }
}
