package dev.osc.operator.model;

/** One node's phase, with the node's own error text when it failed. */
public record NodeProgress(String node, NodePhase phase, String error) {
  public static NodeProgress of(String node, NodePhase phase) {
    return new NodeProgress(node, phase, null);
  }
}
