package dev.osc.operator.peerpods;

import dev.osc.api.PeerPods;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Optional;

/** The kata.peerpods.io/vm capacity a node advertises, and what it should advertise. Pure. */
public final class NodeCapacity {
  private NodeCapacity() {}

  /** The advertised VM capacity, if any. */
  public static Optional<String> advertised(Node node) {
    Map<String, Quantity> capacity =
        node.getStatus() == null ? null : node.getStatus().getCapacity();
    Quantity q = capacity == null ? null : capacity.get(PeerPods.VM_RESOURCE);
    return q == null ? Optional.empty() : Optional.of(q.toString());
  }

  /**
   * The change a node needs: the limit to set, "" to remove the capacity, or empty when the node
   * already advertises what it should.
   */
  public static Optional<String> change(Node node, boolean selected, int limit) {
    Optional<String> now = advertised(node);
    if (selected) {
      String want = Integer.toString(limit);
      return now.map(v -> new Quantity(v).equals(new Quantity(want))).orElse(false)
          ? Optional.empty()
          : Optional.of(want);
    }
    return now.isPresent() ? Optional.of("") : Optional.empty();
  }
}
