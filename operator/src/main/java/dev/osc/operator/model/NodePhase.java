package dev.osc.operator.model;

/** Where a node stands in the kata lifecycle; each phase but NOT_KATA is one status list. */
public enum NodePhase {
  INSTALLED,
  INSTALLING,
  WAITING_TO_INSTALL,
  FAILED_TO_INSTALL,
  UNINSTALLING,
  WAITING_TO_UNINSTALL,
  FAILED_TO_UNINSTALL,
  /** Kata neither installed nor wanted: not reported. */
  NOT_KATA;

  public boolean failed() {
    return this == FAILED_TO_INSTALL || this == FAILED_TO_UNINSTALL;
  }

  /** Node on its way somewhere: the cluster has not converged yet. */
  public boolean pending() {
    return this == INSTALLING
        || this == WAITING_TO_INSTALL
        || this == UNINSTALLING
        || this == WAITING_TO_UNINSTALL;
  }

  /** Node unavailable for workloads right now (counts against "one node at a time"). */
  public boolean busy() {
    return this == INSTALLING || this == UNINSTALLING || failed();
  }

  /** Counted in status.kataNodes.nodeCount: has kata, or is getting it. */
  public boolean countsAsKataNode() {
    return this == INSTALLED
        || this == INSTALLING
        || this == WAITING_TO_INSTALL
        || this == FAILED_TO_INSTALL;
  }
}
