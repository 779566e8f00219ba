package dev.osc.caa.net;

import java.util.ArrayList;
import java.util.List;

/**
 * The VM side of a pod's tunnel, as iproute2 commands (upstream's podNodeTunneler and
 * podNode.Setup): a VXLAN device made in the VM's namespace towards the worker, moved into the pod
 * namespace under the pod's interface name, with the pod's MAC, address and MTU (at most {@value
 * PodNetworkPlan#VM_MAX_MTU}), then the pod's routes (those without a gateway first, so the
 * gateways are reachable) and permanent neighbours. Pure.
 */
public final class VmTunnelPlan {
  private VmTunnelPlan() {}

  /** One command, run in {@code netns} (a path), or in the VM's own namespace when null. */
  public record Command(String netns, List<String> argv) {
    static Command of(String netns, String... argv) {
      return new Command(netns, List.of(argv));
    }
  }

  /** The name the device has before it reaches the pod namespace (upstream's). */
  public static final String TEMP_DEVICE = "vxlan0";

  public static List<Command> setup(PodNetwork net, String podns) {
    String dev = net.interfaceName();
    List<Command> out = new ArrayList<>();
    out.add(
        Command.of(
            null,
            "ip",
            "link",
            "add",
            TEMP_DEVICE,
            "type",
            "vxlan",
            "id",
            Integer.toString(net.vxlanId()),
            "remote",
            net.workerAddress(),
            "dstport",
            Integer.toString(net.vxlanPort())));
    out.add(Command.of(null, "ip", "link", "set", TEMP_DEVICE, "netns", podns));
    out.add(
        Command.of(
            podns,
            "ip",
            "link",
            "set",
            TEMP_DEVICE,
            "name",
            dev,
            "address",
            net.podHwAddr(),
            "mtu",
            Integer.toString(Math.min(net.mtu(), PodNetworkPlan.VM_MAX_MTU))));
    out.add(Command.of(podns, "ip", "addr", "add", net.podIp(), "dev", dev));
    out.add(Command.of(podns, "ip", "link", "set", dev, "up"));
    out.add(Command.of(podns, "ip", "link", "set", "lo", "up"));
    if (Cidr.length(net.podIp()) < 32) {
      // The kernel's route for the address is re-added from the pod's own list (upstream).
      out.add(Command.of(podns, "ip", "route", "del", Cidr.network(net.podIp()), "dev", dev));
    }
    List<PodNetwork.Route> ordered =
        new ArrayList<>(net.routes().stream().filter(r -> !r.hasGateway()).toList());
    ordered.addAll(net.routes().stream().filter(PodNetwork.Route::hasGateway).toList());
    for (PodNetwork.Route r : ordered) {
      List<String> argv = new ArrayList<>(List.of("ip", "route", "add", r.dst()));
      if (r.hasGateway()) {
        argv.addAll(List.of("via", r.gw()));
      }
      if (r.dev() != null && !r.dev().isEmpty()) {
        argv.addAll(List.of("dev", r.dev()));
      }
      if (r.protocol() != null) {
        argv.addAll(List.of("proto", r.protocol()));
      }
      // Without a gateway the route is on the link, whatever it said (upstream's RouteAdd).
      String scope = r.hasGateway() ? r.scope() : "link";
      if (scope != null) {
        argv.addAll(List.of("scope", scope));
      }
      out.add(new Command(podns, List.copyOf(argv)));
    }
    for (PodNetwork.Neighbor n : net.neighbors()) {
      out.add(
          Command.of(
              podns,
              "ip",
              "neigh",
              "add",
              n.ip(),
              "lladdr",
              n.hwAddr(),
              "dev",
              n.dev(),
              "nud",
              n.state() == null ? "permanent" : n.state()));
    }
    return out;
  }

  /** Undoing {@link #setup}: the device goes, and its address and routes with it. */
  public static List<Command> teardown(PodNetwork net, String podns) {
    return List.of(Command.of(podns, "ip", "link", "del", net.interfaceName()));
  }
}
