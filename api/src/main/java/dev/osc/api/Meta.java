package dev.osc.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Small metadata helpers shared by the operator and the simulators. Pure. */
public final class Meta {
  private Meta() {}

  public static Map<String, String> labels(HasMetadata o) {
    Map<String, String> m = o.getMetadata().getLabels();
    return m == null ? Map.of() : m;
  }

  public static Map<String, String> annotations(HasMetadata o) {
    Map<String, String> m = o.getMetadata().getAnnotations();
    return m == null ? Map.of() : m;
  }

  /**
   * A JSON Patch (RFC 6902) that sets (non-null value) or removes (null value) entries of
   * metadata.labels or metadata.annotations of {@code current}. JSON Patch rather than a merge
   * patch because only "remove" deletes a key on every API server (the embedded mock keeps keys
   * merged to null).
   */
  public static List<Map<String, Object>> mapPatch(
      HasMetadata current, String field, Map<String, String> changes) {
    Map<String, String> now = field.equals("labels") ? labels(current) : annotations(current);
    List<Map<String, Object>> ops = new java.util.ArrayList<>();
    // An empty map may be absent on the server (the client model shows both as empty), and
    // "add" below a missing map is invalid: (re)create it, which is harmless when it exists.
    if (now.isEmpty() && changes.values().stream().anyMatch(java.util.Objects::nonNull)) {
      ops.add(Map.of("op", "add", "path", "/metadata/" + field, "value", Map.of()));
    }
    for (Map.Entry<String, String> e : changes.entrySet()) {
      String path = "/metadata/" + field + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
      if (e.getValue() != null) {
        ops.add(Map.of("op", "add", "path", path, "value", e.getValue()));
      } else if (now.containsKey(e.getKey())) {
        ops.add(Map.of("op", "remove", "path", path));
      }
    }
    return ops;
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

  /**
   * Newest first (it carries the fewest workloads to drain), then name descending: the order in
   * which nodes take their turn. It reproduces the documentation's walkthrough (worker-1 first).
   */
  public static final Comparator<HasMetadata> NEWEST_FIRST =
      Comparator.comparing(
              (HasMetadata n) -> String.valueOf(n.getMetadata().getCreationTimestamp()),
              Comparator.reverseOrder())
          .thenComparing(n -> n.getMetadata().getName(), Comparator.reverseOrder());
}
