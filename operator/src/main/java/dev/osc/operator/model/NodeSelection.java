package dev.osc.operator.model;

import dev.osc.api.Names;
import dev.osc.api.v1.KataConfigSpec;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Node;
import java.util.Comparator;
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
    if (spec.isCheckNodeEligibility()
        && !"true".equals(labels.get(Names.LABEL_NFD_KATA_RUNTIME))) {
      return false;
    }
    return matches(spec.getKataConfigPoolSelector(), labels);
  }

  /** Kubernetes label-selector semantics; a null selector selects everything. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        if (!matches(r, labels)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
    String value = labels.get(r.getKey());
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    return switch (r.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> throw new IllegalArgumentException("unsupported operator " + r.getOperator());
    };
  }

  public static Map<String, String> labels(Node node) {
    Map<String, String> labels = node.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  /**
   * The order in which nodes take their turn: newest first (it carries the fewest workloads to
   * drain), then by name descending. The MachineConfig simulator uses the same order.
   */
  public static final Comparator<Node> TURN_ORDER =
      Comparator.comparing(
              (Node n) -> String.valueOf(n.getMetadata().getCreationTimestamp()),
              Comparator.reverseOrder())
          .thenComparing(n -> n.getMetadata().getName(), Comparator.reverseOrder());
}
