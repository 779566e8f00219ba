package dev.osc.caa.net;

/**
 * How the worker side of the pod network tunnel is made (upstream's tunneler.NetworkConfig).
 *
 * @param type TUNNEL_TYPE: {@link #VXLAN} or {@link #NONE}
 * @param hostInterface HOST_INTERFACE, or null for the interface of the default route
 * @param vxlanPort VXLAN_PORT
 * @param vxlanMinId VXLAN_MIN_ID, the first VNI
 */
public record TunnelSettings(String type, String hostInterface, int vxlanPort, int vxlanMinId) {
  public static final String VXLAN = PodNetwork.VXLAN;
  public static final String NONE = "none";

  /** VNIs are 24 bits. */
  public static final int MAX_VNI = (1 << 24) - 1;

  public boolean enabled() {
    return VXLAN.equals(type);
  }
}
