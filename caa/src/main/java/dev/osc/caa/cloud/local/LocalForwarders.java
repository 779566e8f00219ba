package dev.osc.caa.cloud.local;

import dev.osc.caa.cloud.Instance;
import dev.osc.caa.forwarder.Forwarder;
import dev.osc.caa.model.CloudConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Boots a local VM the way a pod VM boots: the forwarder configuration comes out of the user data
 * (as cloud-init writes it), and the forwarder serves mutual TLS on the VM's address, relaying to
 * the agent socket given (none needs to exist for the VM to be reachable).
 */
public final class LocalForwarders implements LocalProvider.VmBooter {
  private final Path dir;
  private final int port;
  private final Path agentSocket;

  /**
   * @param dir where each VM's apf.json is written
   * @param port the forwarders' port (FORWARDER_PORT)
   */
  public LocalForwarders(Path dir, int port, Path agentSocket) {
    this.dir = dir;
    this.port = port;
    this.agentSocket = agentSocket;
  }

  @Override
  public AutoCloseable boot(Instance instance, String userData) throws IOException {
    String config = CloudConfig.files(userData).get(CloudConfig.FORWARDER_CONFIG_PATH);
    if (config == null) {
      throw new IOException(
          "the user data of " + instance.name() + " has no " + CloudConfig.FORWARDER_CONFIG_PATH);
    }
    Path vm = Files.createDirectories(dir.resolve(instance.id()));
    Path file = Files.writeString(vm.resolve("apf.json"), config);
    Forwarder forwarder =
        new Forwarder(
            new Forwarder.Options(
                new InetSocketAddress(instance.ips().get(0), port), agentSocket, file));
    forwarder.start();
    return () -> {
      forwarder.close();
      Files.deleteIfExists(file);
      Files.deleteIfExists(vm);
    };
  }
}
