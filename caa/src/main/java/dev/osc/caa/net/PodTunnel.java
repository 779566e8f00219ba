package dev.osc.caa.net;

/**
 * A pod's tunnel on the worker: its network namespace (the path the shim passed to CreateVM) and
 * its network with the VNI.
 */
public record PodTunnel(String netnsPath, PodNetwork network) {
  /** The tunnel's interface in the pod's namespace, as upstream names it. */
  public static final String DEVICE = "vxlan1";
}
