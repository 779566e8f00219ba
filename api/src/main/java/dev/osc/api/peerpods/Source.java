package dev.osc.api.peerpods;

/** Where a key is written; problems are sorted in this order. */
public enum Source {
  /** ConfigMap {@code peer-pods-cm} in the operator namespace. */
  CONFIG_MAP(PeerPodsKeys.CONFIG_MAP),
  /** Secret {@code peer-pods-secret}: its values never appear in a message or a log. */
  SECRET(PeerPodsKeys.SECRET),
  /** The adaptor's own environment, set by its DaemonSet (downward API) or by hand. */
  ENVIRONMENT(null);

  private final String objectName;

  Source(String objectName) {
    this.objectName = objectName;
  }

  /** The object's name in the operator namespace; null for the environment. */
  public String objectName() {
    return objectName;
  }
}
