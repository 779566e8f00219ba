package dev.osc.cli;

import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.caa.BoundedHttpClientFactory;
import dev.osc.caa.CaaDaemon;
import dev.osc.caa.CaaSettings;
import dev.osc.caa.Providers;
import dev.osc.caa.agent.AgentPath;
import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.CloudProvider;
import dev.osc.caa.cloud.local.LocalForwarders;
import dev.osc.metrics.Metrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "caa",
    mixinStandardHelpOptions = true,
    description = {
      "The cloud-api-adaptor of one node: serves the Kata shim's remote hypervisor protocol"
          + " (hypervisor.Hypervisor over ttrpc) and makes each peer pod's VM through the"
          + " cloud provider, until stopped.",
      "",
      "Every VM is recorded in a PeerPod (confidentialcontainers.org/v1alpha1) in the pod's"
          + " namespace before the cloud makes it, and the record is released only once the VM"
          + " is deleted. On start, and every JANITOR_INTERVAL, VMs of pods that are gone are"
          + " deleted, VMs of live pods are adopted (a restart loses no pod), and VMs with this"
          + " cluster's and node's tags but no PeerPod are deleted.",
      "",
      "The environment is read with the operator's own rules (see below): what the operator"
          + " reports valid in its status, the adaptor accepts, with the same defaults.",
      ""
    })
final class CaaCommand implements Callable<Integer> {
  @Option(
      names = "--provider",
      paramLabel = "NAME",
      description = "Cloud provider, instead of CLOUD_PROVIDER.")
  String provider;

  @Option(names = "--node", paramLabel = "NAME", description = "Node name, instead of NODE_NAME.")
  String node;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "${env:OSC_LOG_LEVEL:-INFO}",
      description = "Log level (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Override
  public Integer call() throws InterruptedException {
    Logging.level(logLevel);
    Map<String, String> env = new HashMap<>(System.getenv());
    if (provider != null) {
      env.put(PeerPodsKeys.CLOUD_PROVIDER.name(), provider);
    }
    if (node != null) {
      env.put(PeerPodsKeys.NODE_NAME.name(), node);
    }
    CaaSettings settings;
    try {
      settings = CaaSettings.from(env);
    } catch (IllegalArgumentException e) {
      System.err.println("osc caa: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (CloudProvider cloud =
            Providers.create(
                settings.peerPods(),
                new LocalForwarders(
                    settings.podsDir().resolveSibling("local-vms"),
                    settings.forwarderPort(),
                    AgentPath.DEFAULT_AGENT_SOCKET));
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withHttpClientFactory(new BoundedHttpClientFactory())
                .build();
        CaaDaemon daemon = CaaDaemon.start(settings, cloud, client, new Metrics())) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      stopped.await();
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("osc caa: " + e.getMessage());
      return 2;
    } catch (CloudException | IOException e) {
      System.err.println("osc caa: cannot start: " + e.getMessage());
      return 1;
    }
    return 0;
  }
}
