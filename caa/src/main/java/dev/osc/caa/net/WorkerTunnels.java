package dev.osc.caa.net;

import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.caa.vm.PodNetworks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker side of the VXLAN pod tunnels, with upstream's data path: a VXLAN device made in the
 * worker's namespace (so its UDP socket is the worker's) is moved into the pod's namespace as
 * {@code vxlan1}, and tc redirects everything arriving on the pod's interface into it and
 * everything coming out of it to the pod's interface. The pod's address thereby lives in the VM.
 * Upstream makes the device only at StartVM, with the VM as remote; here it is made at CreateVM
 * without a remote, so a VNI or port clash fails CreateVM, and StartVM adds the VM as the default
 * destination ({@code bridge fdb}), which the kernel treats as upstream's remote.
 */
public final class WorkerTunnels implements PodNetworks {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerTunnels.class);
  private static final String ANY_MAC = "00:00:00:00:00:00";

  private final TunnelSettings settings;
  private final Set<Integer> inUse = new HashSet<>();

  public WorkerTunnels(TunnelSettings settings) {
    this.settings = settings;
  }

  @Override
  public PodTunnel prepare(String sandboxId, String netnsPath) {
    if (netnsPath == null || netnsPath.isBlank()) {
      throw new IllegalArgumentException(
          "CreateVM: the network namespace path is empty: the"
              + " pod's tunnel ("
              + PeerPodsKeys.TUNNEL_TYPE
              + " vxlan) is made in it");
    }
    if (!Files.exists(Path.of(netnsPath))) {
      throw new IllegalArgumentException(
          "CreateVM: the pod network namespace " + netnsPath + " does not exist");
    }
    NetnsView pod;
    NetnsView host;
    try {
      pod = Ip.inspect(netnsPath);
      host = Ip.inspect(null);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "CreateVM: cannot inspect the pod network namespace " + netnsPath + ": " + e.getMessage(),
          e);
    }
    int vni = allocate();
    try {
      PodNetwork net =
          PodNetworkPlan.plan(netnsPath, pod, host, settings, vni - settings.vxlanMinId(), vni);
      if (pod.link(PodTunnel.DEVICE).isPresent()) {
        throw new IllegalArgumentException(
            "CreateVM: the pod network namespace "
                + netnsPath
                + " already has a "
                + PodTunnel.DEVICE
                + " (another VM's tunnel?)");
      }
      int underlay = host.link(hostInterface(host)).map(NetnsView.Link::mtu).orElse(1500);
      makeDevice(netnsPath, net, PodNetworkPlan.tunnelMtu(net.mtu(), underlay));
      LOG.info(
          "sandbox {}: pod {} tunnelled with VXLAN id {} port {} in {}",
          sandboxId,
          net.podIp(),
          vni,
          net.vxlanPort(),
          netnsPath);
      return new PodTunnel(netnsPath, net);
    } catch (RuntimeException e) {
      release(vni);
      throw e;
    }
  }

  private String hostInterface(NetnsView host) {
    return settings.hostInterface() != null
        ? settings.hostInterface()
        : PodNetworkPlan.primary(host).map(NetnsView.Route::dev).orElse("");
  }

  /** The device in the worker's namespace, then in the pod's, up: nothing is left on failure. */
  private void makeDevice(String netns, PodNetwork net, int mtu) {
    String temp = "ppvx" + net.vxlanId();
    deleteQuietly(null, temp); // left by an adaptor that died between add and move
    try {
      Ip.run(
          null,
          "ip",
          "link",
          "add",
          temp,
          "type",
          "vxlan",
          "id",
          Integer.toString(net.vxlanId()),
          "dstport",
          Integer.toString(net.vxlanPort()));
    } catch (IOException e) {
      throw new IllegalArgumentException(clash(net, e), e);
    }
    try {
      Ip.run(null, "ip", "link", "set", temp, "netns", netns);
    } catch (IOException e) {
      deleteQuietly(null, temp);
      throw new IllegalArgumentException(
          "CreateVM: cannot move the tunnel into " + netns + ": " + e.getMessage(), e);
    }
    try {
      Ip.run(
          netns, "ip", "link", "set", temp, "name", PodTunnel.DEVICE, "mtu", Integer.toString(mtu));
      Ip.run(netns, "ip", "link", "set", PodTunnel.DEVICE, "up");
    } catch (IOException e) {
      deleteQuietly(netns, temp);
      deleteQuietly(netns, PodTunnel.DEVICE);
      throw new IllegalArgumentException(clash(net, e), e);
    }
  }

  /** The kernel's refusal in the adaptor's terms. */
  static String clash(PodNetwork net, IOException e) {
    String m = e.getMessage();
    if (m.contains("exists")) {
      return "CreateVM: VXLAN id "
          + net.vxlanId()
          + " on UDP port "
          + net.vxlanPort()
          + " is already used by another VXLAN device on this worker (choose another "
          + PeerPodsKeys.VXLAN_MIN_ID
          + "): "
          + m;
    }
    if (m.contains("in use")) {
      return "CreateVM: UDP port "
          + net.vxlanPort()
          + " ("
          + PeerPodsKeys.VXLAN_PORT
          + ") is in use by another program on this worker: "
          + m;
    }
    return "CreateVM: cannot make the pod's VXLAN tunnel (id "
        + net.vxlanId()
        + ", port "
        + net.vxlanPort()
        + "): "
        + m;
  }

  @Override
  public void connect(PodTunnel tunnel, String vmAddress) throws IOException {
    if (tunnel == null) {
      return;
    }
    String ns = tunnel.netnsPath();
    String pod = tunnel.network().interfaceName();
    Ip.run(ns, "bridge", "fdb", "append", ANY_MAC, "dev", PodTunnel.DEVICE, "dst", vmAddress);
    redirect(ns, pod, PodTunnel.DEVICE);
    redirect(ns, PodTunnel.DEVICE, pod);
  }

  /** Everything arriving on {@code from} leaves through {@code to} (upstream's RedirectAdd). */
  private static void redirect(String ns, String from, String to) throws IOException {
    Ip.run(ns, "tc", "qdisc", "replace", "dev", from, "ingress");
    Ip.run(
        ns,
        "tc",
        "filter",
        "add",
        "dev",
        from,
        "parent",
        "ffff:",
        "protocol",
        "all",
        "u32",
        "match",
        "u32",
        "0",
        "0",
        "action",
        "mirred",
        "egress",
        "redirect",
        "dev",
        to);
  }

  @Override
  public void remove(PodTunnel tunnel) {
    if (tunnel == null) {
      return;
    }
    String ns = tunnel.netnsPath();
    if (Files.exists(Path.of(ns))) {
      try {
        Ip.run(ns, "tc", "qdisc", "del", "dev", tunnel.network().interfaceName(), "ingress");
      } catch (IOException notThere) {
        // never connected, or already removed
      }
      deleteQuietly(ns, PodTunnel.DEVICE);
    }
    release(tunnel.network().vxlanId());
  }

  @Override
  public void restore(PodTunnel tunnel, String vmAddress) throws IOException {
    if (tunnel == null) {
      return;
    }
    synchronized (this) {
      inUse.add(tunnel.network().vxlanId());
    }
    if (!Files.exists(Path.of(tunnel.netnsPath()))) {
      return;
    }
    if (Ip.inspect(tunnel.netnsPath()).link(PodTunnel.DEVICE).isPresent()) {
      return;
    }
    PodNetwork net = tunnel.network();
    NetnsView host = Ip.inspect(null);
    makeDevice(
        tunnel.netnsPath(),
        net,
        PodNetworkPlan.tunnelMtu(
            net.mtu(), host.link(hostInterface(host)).map(NetnsView.Link::mtu).orElse(1500)));
    connect(tunnel, vmAddress);
  }

  private synchronized int allocate() {
    int vni = Vnis.next(settings.vxlanMinId(), inUse);
    inUse.add(vni);
    return vni;
  }

  private synchronized void release(int vni) {
    inUse.remove(vni);
  }

  private static void deleteQuietly(String netns, String device) {
    try {
      Ip.run(netns, "ip", "link", "del", device);
    } catch (IOException notThere) {
      // already gone
    }
  }
}
