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
  /**
   * Every thread of these VMs' forwarders (and those they start): the VMs run in this process, but
   * their threads are not the adaptor's, and a bench counting the adaptor's threads leaves them
   * out.
   */
  public static final ThreadGroup VM_THREADS = new ThreadGroup("local-vms");

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
    startInVmThreads(forwarder);
    return () -> {
      forwarder.close();
      Files.deleteIfExists(file);
      Files.deleteIfExists(vm);
    };
  }

  /** Starts the forwarder from a thread of {@link #VM_THREADS}: the threads it makes join it. */
  private static void startInVmThreads(Forwarder forwarder) throws IOException {
    IOException[] failed = new IOException[1];
    Thread starter =
        new Thread(
            VM_THREADS,
            () -> {
              try {
                forwarder.start();
              } catch (IOException e) {
                failed[0] = e;
              }
            },
            "local-vm-boot");
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      forwarder.close();
      throw new IOException("interrupted booting a local VM", e);
    }
    if (failed[0] != null) {
      throw failed[0];
    }
  }
}
