package dev.osc.operator.peerpods;

import dev.osc.api.PeerPodsKeys;

/** The two objects that configure peer pods; problems are sorted in this order. */
public enum PeerPodsObject {
  CONFIG_MAP(PeerPodsKeys.CONFIG_MAP),
  SECRET(PeerPodsKeys.SECRET);

  private final String objectName;

  PeerPodsObject(String objectName) {
    this.objectName = objectName;
  }

  /** The object's name in the operator namespace. */
  public String objectName() {
    return objectName;
  }
}
