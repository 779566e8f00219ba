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
  public static final int DEFAULT_VXLAN_PORT = 4789;
  public static final int DEFAULT_VXLAN_MIN_ID = 555000;
  /** VNIs are 24 bits. */
  public static final int MAX_VNI = (1 << 24) - 1;

  public static final TunnelSettings OFF = new TunnelSettings(NONE, null, DEFAULT_VXLAN_PORT,
      DEFAULT_VXLAN_MIN_ID);

  public boolean enabled() {
    return VXLAN.equals(type);
  }
}
