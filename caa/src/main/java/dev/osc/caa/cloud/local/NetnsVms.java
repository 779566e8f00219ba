package dev.osc.caa.cloud.local;

import dev.osc.caa.cloud.Instance;
import dev.osc.caa.model.CloudConfig;
import dev.osc.caa.net.Ip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Local VMs that are network namespaces, as close to a cloud's VMs as this machine gets without a
 * hypervisor: each has a namespace of its own with {@code eth0}, a veth to a host bridge, an
 * address of the bridge's /24 and a default route via the bridge, and its forwarder runs inside it
 * as a process of its own ({@code ip netns exec}), so every socket it opens, the VXLAN's included,
 * is the VM's. Its pod namespace is {@code <vm namespace>p}, made before the forwarder starts.
 * Powering off stops the forwarder (which removes the pod's network) and deletes both namespaces.
 * Needs root.
 */
public final class NetnsVms implements LocalProvider.VmBooter {
  /** The forwarder's command line in a VM. */
  @FunctionalInterface
  public interface Launcher {
    /**
     * @param config apf.json as the user data wrote it
     * @param listen {@code address:port}
     * @param podNamespace the path of the pod's namespace
     */
    List<String> command(Path config, String listen, Path agentSocket, String podNamespace);

    /** {@code osc forwarder}, started by {@code prefix} (e.g. {@code java -cp ... Osc}). */
    static Launcher osc(List<String> prefix) {
      return (config, listen, agentSocket, podNamespace) -> {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(
            List.of(
                "forwarder",
                "--config",
                config.toString(),
                "--listen",
                listen,
                "--agent-socket",
                agentSocket.toString(),
                "--pod-namespace",
                podNamespace));
        return argv;
      };
    }

    /** Upstream's agent-protocol-forwarder, configured only by the apf.json it is given. */
    static Launcher upstream(Path binary) {
      return (config, listen, agentSocket, podNamespace) ->
          List.of(
              binary.toString(),
              "-config",
              config.toString(),
              "-listen",
              listen,
              "-kata-agent-socket",
              agentSocket.toString(),
              "-pod-namespace",
              podNamespace);
    }
  }

  private final Launcher forwarder;
  private final String prefix;
  private final String bridge;
  private final String subnet;
  private final int port;
  private final Path dir;

  /**
   * @param forwarder how the VM's forwarder is started
   * @param prefix of the namespaces' and veths' names, at most 6 characters
   * @param bridge the host bridge, whose address is {@code subnet.1}
   * @param subnet the first three octets of the VMs' /24
   * @param port the forwarders' port (FORWARDER_PORT)
   * @param dir where each VM's apf.json and forwarder log go
   */
  public NetnsVms(
      Launcher forwarder, String prefix, String bridge, String subnet, int port, Path dir) {
    this.forwarder = forwarder;
    this.prefix = prefix;
    this.bridge = bridge;
    this.subnet = subnet;
    this.port = port;
    this.dir = dir;
  }

  @Override
  public String address(int n) {
    if (n > 250) {
      throw new IllegalStateException("local network namespace VMs: at most 250");
    }
    return subnet + "." + (n + 1);
  }

  /** The VM's namespace name, from its instance id ({@code local-N}). */
  public String namespace(Instance instance) {
    return prefix + "vm" + instance.id().substring(instance.id().indexOf('-') + 1);
  }

  @Override
  public AutoCloseable boot(Instance instance, String userData) throws IOException {
    String config = CloudConfig.files(userData).get(CloudConfig.FORWARDER_CONFIG_PATH);
    if (config == null) {
      throw new IOException(
          "the user data of " + instance.name() + " has no " + CloudConfig.FORWARDER_CONFIG_PATH);
    }
    String ns = namespace(instance);
    String veth = prefix + "v" + ns.substring((prefix + "vm").length());
    String address = instance.ips().get(0);
    Path vm = Files.createDirectories(dir.resolve(instance.id()));
    Path apf = Files.writeString(vm.resolve("apf.json"), config);
    List<String> undo = new ArrayList<>();
    // Left by a process that was killed: a local VM lives no longer than its adaptor.
    quietly("ip", "netns", "del", ns + "p");
    quietly("ip", "netns", "del", ns);
    try {
      Ip.run(null, "ip", "netns", "add", ns);
      undo.add(ns);
      String path = "/run/netns/" + ns;
      Ip.run(null, "ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
      Ip.run(null, "ip", "link", "set", veth, "master", bridge, "up");
      Ip.run(path, "ip", "addr", "add", address + "/24", "dev", "eth0");
      Ip.run(path, "ip", "link", "set", "eth0", "up");
      Ip.run(path, "ip", "link", "set", "lo", "up");
      Ip.run(path, "ip", "route", "add", "default", "via", subnet + ".1");
      // The pod namespace exists before the forwarder starts, as the pod VM image's
      // netns@podns unit makes it: one made inside ip netns exec's private mount namespace
      // would be invisible to everyone else.
      Ip.run(null, "ip", "netns", "add", ns + "p");
      undo.add(ns + "p");
      List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
      argv.addAll(
          forwarder.command(apf, address + ":" + port, vm.resolve("agent.sock"), path + "p"));
      Process process =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(vm.resolve("forwarder.log").toFile())
              .start();
      return () -> powerOff(process, ns, vm);
    } catch (IOException | RuntimeException e) {
      for (String n : undo) {
        quietly("ip", "netns", "del", n);
      }
      throw e;
    }
  }

  private static void powerOff(Process forwarder, String ns, Path vm)
      throws IOException, InterruptedException {
    forwarder.destroy(); // SIGTERM: the forwarder removes the pod's network on its way out
    if (!forwarder.waitFor(10, TimeUnit.SECONDS)) {
      forwarder.destroyForcibly();
      forwarder.waitFor(5, TimeUnit.SECONDS);
    }
    quietly("ip", "netns", "del", ns + "p");
    quietly("ip", "netns", "del", ns);
    Files.deleteIfExists(vm.resolve("apf.json")); // it holds the VM's key; the log stays
  }

  private static void quietly(String... argv) {
    try {
      Ip.run(null, argv);
    } catch (IOException gone) {
      // already gone
    }
  }
}
