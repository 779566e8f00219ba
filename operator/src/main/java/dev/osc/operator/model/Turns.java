package dev.osc.operator.model;

import dev.osc.api.Meta;
import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Who goes next when the operator itself rolls nodes: nobody while a node is busy (installing,
 * uninstalling or failed), so at most one node is unavailable; removals before additions; then
 * {@link Meta#NEWEST_FIRST}. Pure.
 */
public final class Turns {
  private Turns() {}

  public record Turn(String node, boolean install) {}

  public static Optional<Turn> next(List<NodeProgress> progress, List<Node> nodes) {
    if (progress.stream().anyMatch(p -> p.phase().busy())) {
      return Optional.empty();
    }
    Map<String, NodePhase> phase =
        progress.stream().collect(Collectors.toMap(NodeProgress::node, NodeProgress::phase));
    List<Node> ordered = nodes.stream().sorted(Meta.NEWEST_FIRST).toList();
    Function<NodePhase, Optional<String>> first =
        wanted ->
            ordered.stream()
                .map(n -> n.getMetadata().getName())
                .filter(n -> phase.get(n) == wanted)
                .findFirst();
    return first
        .apply(NodePhase.WAITING_TO_UNINSTALL)
        .map(n -> new Turn(n, false))
        .or(() -> first.apply(NodePhase.WAITING_TO_INSTALL).map(n -> new Turn(n, true)));
  }
}
