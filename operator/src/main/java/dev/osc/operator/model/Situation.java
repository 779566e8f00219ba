package dev.osc.operator.model;

import java.util.List;

/**
 * What a reconcile pass found, as input to the status aggregator.
 *
 * @param stage which part of the lifecycle the KataConfig is in
 * @param nodes per-node progress (empty when the stage does not look at nodes)
 * @param runtimeClasses runtime classes that exist for this KataConfig
 * @param detail the message for stages that carry one (blocked, invalid, duplicate)
 */
public record Situation(
    Stage stage, List<NodeProgress> nodes, List<String> runtimeClasses, String detail) {

  public enum Stage {
    /** First pass: announce the installation before touching anything. */
    STARTING,
    INSTALLING,
    UNINSTALLING,
    BLOCKED_BY_PODS,
    INVALID,
    DUPLICATE,
    NO_ELIGIBLE_NODES
  }

  /** Every node settled: none pending, none failed. */
  public boolean settled() {
    return nodes.stream().noneMatch(n -> n.phase().pending() || n.phase().failed());
  }
}
