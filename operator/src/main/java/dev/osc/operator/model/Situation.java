package dev.osc.operator.model;

import java.util.List;

/**
 * What a reconcile pass found, as input to the status aggregator.
 *
 * @param stage which part of the lifecycle the KataConfig is in
 * @param nodes per-node progress, or null when the pass did not look at nodes (the reported node
 *     lists then stay as they were: nothing was changed)
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
    /** Nodes settled, but peer-pods-cm / peer-pods-secret are invalid. */
    INVALID_PEER_PODS_CONFIG,
    DUPLICATE,
    NO_ELIGIBLE_NODES,
    /** The pass failed on a request to the API server; it is retried. */
    FAILED_REQUEST
  }

  /** Situation of a pass that stopped before touching nodes. */
  public static Situation withoutNodes(Stage stage, List<String> runtimeClasses, String detail) {
    return new Situation(stage, null, runtimeClasses, detail);
  }

  /** Every node settled: none pending, none failed. */
  public boolean settled() {
    return nodes == null
        || nodes.stream().noneMatch(n -> n.phase().pending() || n.phase().failed());
  }
}
