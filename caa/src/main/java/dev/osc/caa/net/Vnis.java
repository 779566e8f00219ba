package dev.osc.caa.net;

import java.util.Set;

/**
 * VXLAN ids for this worker's pod tunnels: the lowest one from VXLAN_MIN_ID that no live tunnel of
 * this adaptor holds, so ids are reused once their pod is gone and two pods never share one
 * (upstream counts up from the minimum and starts again at it after a restart). Pure.
 */
public final class Vnis {
  private Vnis() {}

  public static int next(int min, Set<Integer> inUse) {
    for (long vni = min; vni <= TunnelSettings.MAX_VNI; vni++) {
      if (!inUse.contains((int) vni)) {
        return (int) vni;
      }
    }
    throw new IllegalStateException(
        "every VXLAN id from VXLAN_MIN_ID " + min + " to " + TunnelSettings.MAX_VNI + " is in use");
  }
}
