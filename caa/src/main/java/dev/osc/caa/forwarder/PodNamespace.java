package dev.osc.caa.forwarder;

import dev.osc.caa.net.Ip;
import dev.osc.caa.net.PodNetwork;
import dev.osc.caa.net.VmTunnelPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod's network namespace in the VM ({@code /run/netns/podns}), where the pod's containers run:
 * made if the image has not made it, given the pod's address on a VXLAN back to the worker and the
 * pod's routes ({@link VmTunnelPlan}). Closing it removes what it made.
 */
final class PodNamespace implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PodNamespace.class);
  private static final Path NETNS_DIR = Path.of("/run/netns");

  private final PodNetwork network;
  private final String path;
  private final boolean created;

  private PodNamespace(PodNetwork network, String path, boolean created) {
    this.network = network;
    this.path = path;
    this.created = created;
  }

  static PodNamespace setUp(PodNetwork network, Path podns) throws IOException {
    boolean created = false;
    if (!Files.exists(podns)) {
      if (!podns.getParent().equals(NETNS_DIR)) {
        throw new IOException("the pod network namespace " + podns + " does not exist");
      }
      Ip.run(null, "ip", "netns", "add", podns.getFileName().toString());
      created = true;
    }
    PodNamespace ns = new PodNamespace(network, podns.toString(), created);
    for (VmTunnelPlan.Command c : VmTunnelPlan.setup(network, ns.path)) {
      try {
        Ip.run(c.netns(), c.argv().toArray(String[]::new));
      } catch (IOException e) {
        ns.close();
        quietly(null, "ip", "link", "del", VmTunnelPlan.TEMP_DEVICE);
        throw new IOException(
            "setting up the pod network in "
                + podns
                + ": "
                + String.join(" ", c.argv())
                + ": "
                + e.getMessage(),
            e);
      }
    }
    LOG.info(
        "pod network: {} on {} in {}, VXLAN id {} to {}:{}",
        network.podIp(),
        network.interfaceName(),
        podns,
        network.vxlanId(),
        network.workerAddress(),
        network.vxlanPort());
    return ns;
  }

  @Override
  public void close() {
    if (created) {
      quietly(null, "ip", "netns", "del", Path.of(path).getFileName().toString());
      return;
    }
    for (VmTunnelPlan.Command c : VmTunnelPlan.teardown(network, path)) {
      quietly(c.netns(), c.argv().toArray(String[]::new));
    }
  }

  private static void quietly(String netns, String... argv) {
    try {
      Ip.run(netns, argv);
    } catch (IOException gone) {
      // nothing to undo
    }
  }
}
