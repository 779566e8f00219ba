package dev.osc.api;

/** Names of the peer pods pieces, spelled as the documentation spells them. */
public final class PeerPods {
  private PeerPods() {}

  public static final String GROUP = "confidentialcontainers.org";
  public static final String PEERPODCONFIG_NAME = "peerpodconfig-openshift";
  public static final String PEERPODCONFIG_CRD = "peerpodconfigs.confidentialcontainers.org";
  /** The extended resource each peer pod consumes one of; node capacity = the limit. */
  public static final String VM_RESOURCE = "kata.peerpods.io/vm";
}
