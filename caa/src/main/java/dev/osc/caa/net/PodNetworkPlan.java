package dev.osc.caa.net;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The worker side's decisions about a pod's network, from what its namespace and the worker's hold:
 * the pod's interface (the one of the default route, as upstream picks it), its single IPv4
 * address, MAC and MTU, the routes and permanent neighbours to rebuild in the VM, the worker's
 * tunnel endpoint, and the tunnel's VNI and MTU. Errors name the namespace and what is missing.
 * Pure.
 */
public final class PodNetworkPlan {
  private PodNetworkPlan() {}

  /** VXLAN over IPv4 adds 50 bytes: outer IP 20, UDP 8, VXLAN 8, inner Ethernet 14. */
  public static final int VXLAN_OVERHEAD = 50;

  /** Upstream's VM side never goes above this (vxlan.maxMTU). */
  public static final int VM_MAX_MTU = 1450;

  /** The route protocols upstream carries (and its forwarder accepts). */
  static final Set<String> CARRIED_PROTOCOLS = Set.of("static", "boot", "dhcp", "kernel");

  /**
   * @param netnsPath the pod's namespace, for messages
   * @param index this sandbox's index on the worker
   * @param vni its VXLAN id
   */
  public static PodNetwork plan(
      String netnsPath,
      NetnsView pod,
      NetnsView host,
      TunnelSettings settings,
      int index,
      int vni) {
    NetnsView.Route podDefault =
        primary(pod)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "pod network namespace "
                            + netnsPath
                            + " has no default route: cannot tell the pod's"
                            + " interface"));
    NetnsView.Link podLink =
        pod.link(podDefault.dev())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "pod network namespace "
                            + netnsPath
                            + ": the default route's interface "
                            + podDefault.dev()
                            + " does not exist"));
    if (podLink.ipv4().isEmpty()) {
      throw new IllegalArgumentException(
          "pod network namespace " + netnsPath + ": " + podLink.name() + " has no IPv4 address");
    }
    if (podLink.ipv4().size() > 1) {
      throw new IllegalArgumentException(
          "pod network namespace "
              + netnsPath
              + ": "
              + podLink.name()
              + " has more than one IPv4 address "
              + podLink.ipv4());
    }
    String hostIf =
        settings.hostInterface() != null
            ? settings.hostInterface()
            : primary(host)
                .map(NetnsView.Route::dev)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "the worker has no default route: set HOST_INTERFACE to the interface whose address"
                                + " the pod VMs reach"));
    NetnsView.Link hostLink =
        host.link(hostIf)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "HOST_INTERFACE " + hostIf + " does not exist on the worker"));
    if (hostLink.ipv4().isEmpty()) {
      throw new IllegalArgumentException(
          "the worker's interface " + hostIf + " has no IPv4 address for the pod tunnels");
    }
    boolean dedicated =
        settings.hostInterface() != null
            && !primary(host).map(r -> r.dev().equals(hostIf)).orElse(false);
    List<PodNetwork.Route> routes = new ArrayList<>();
    for (NetnsView.Route r : pod.routes()) {
      if (r.type().equals("unicast") && CARRIED_PROTOCOLS.contains(r.protocol())) {
        routes.add(
            new PodNetwork.Route(r.dst(), r.gateway(), r.dev(), r.protocol(), scope(r.scope())));
      }
    }
    List<PodNetwork.Neighbor> neighbors =
        pod.neighbors().stream()
            .filter(n -> n.dev().equals(podLink.name()))
            .map(n -> new PodNetwork.Neighbor(n.ip(), n.mac(), n.dev(), "permanent"))
            .toList();
    return new PodNetwork(
        podLink.ipv4().get(0),
        podLink.mac(),
        podLink.name(),
        hostLink.ipv4().get(0),
        TunnelSettings.VXLAN,
        routes,
        neighbors,
        podLink.mtu(),
        index,
        settings.vxlanPort(),
        vni,
        dedicated,
        false);
  }

  /**
   * The MTU of a tunnel interface: the pod's, but never more than the underlay carries once the
   * VXLAN header is added.
   */
  public static int tunnelMtu(int podMtu, int underlayMtu) {
    return Math.min(podMtu, underlayMtu - VXLAN_OVERHEAD);
  }

  /** The default route of the lowest metric, as upstream's findPrimaryInterface takes it. */
  static java.util.Optional<NetnsView.Route> primary(NetnsView ns) {
    return ns.routes().stream()
        .filter(NetnsView.Route::isDefault)
        .filter(r -> r.dev() != null)
        .min(Comparator.comparingInt(NetnsView.Route::metric));
  }

  /** Upstream writes netlink's scope names and omits universe (iproute2's "global"). */
  private static String scope(String iproute2) {
    return iproute2.equals("global") ? null : iproute2;
  }
}
