package dev.osc.cli;

import dev.osc.caa.CaaDaemon;
import dev.osc.caa.CaaSettings;
import dev.osc.caa.Providers;
import dev.osc.caa.agent.AgentPath;
import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.CloudProvider;
import dev.osc.caa.cloud.local.LocalForwarders;
import dev.osc.caa.metrics.Metrics;
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
      "Environment (the peer-pods-cm ConfigMap and peer-pods-secret Secret):",
      "  CLOUD_PROVIDER              aws, libvirt or local (required)",
      "  NODE_NAME                   this node (required; the DaemonSet sets it)",
      "  REMOTE_HYPERVISOR_ENDPOINT  the shim's socket (default /run/peerpod/hypervisor.sock)",
      "  PODS_DIR                    agent sockets (default /run/peerpod/pods)",
      "  PEERPODS_LIMIT_PER_NODE     VMs this node may run (default 10)",
      "  PROXY_TIMEOUT               how long a VM may take to answer (default 5m)",
      "  TAGS                        key=value,... added to every VM",
      "  FORWARDER_PORT              the forwarder's port in each VM (default 15150)",
      "  FORWARDER_CA_DIR            this node's CA for the forwarders' mutual TLS, kept across"
          + " restarts (default /run/peerpod/ca)",
      "  CACERT_FILE, CERT_FILE, CERT_KEY  your own CA and client certificate instead",
      "  TLS_MIN_VERSION, TLS_CIPHER_SUITES  the VMs' TLS profile (VersionTLS12|VersionTLS13;"
          + " IANA names), in apf.json for new VMs",
      "  INITDATA                    initdata for pods without their own",
      "  TUNNEL_TYPE                 the pod network tunnel: vxlan (default) or none",
      "  VXLAN_PORT                  its UDP port (default 4789; the docs use 9000)",
      "  VXLAN_MIN_ID                the first VXLAN id of this node's pods (default 555000)",
      "  HOST_INTERFACE              the interface the tunnels use (default: the default"
          + " route's)",
      "  JANITOR_INTERVAL            how often VMs and records are reconciled (default 1m)",
      "  METRICS_PORT                /metrics and /healthz over https (default 15160; 0: off)",
      "  aws: AWS_REGION, PODVM_AMI_ID, PODVM_INSTANCE_TYPE(S), AWS_SUBNET_ID, AWS_SG_IDS,"
          + " ROOT_VOLUME_SIZE, DISABLECVM, USE_PUBLIC_IP, AWS_ACCESS_KEY_ID,"
          + " AWS_SECRET_ACCESS_KEY",
      "  libvirt: LIBVIRT_URI, LIBVIRT_POOL, LIBVIRT_NET, LIBVIRT_VOL_NAME, LIBVIRT_CPU,"
          + " LIBVIRT_MEMORY, LIBVIRT_ROOT_DISK_SIZE, LIBVIRT_LAUNCH_SECURITY",
      "  local: LOCAL_LATENCY, a simulated cloud latency per launch and delete (default 0s)",
      ""})
final class CaaCommand implements Callable<Integer> {
  @Option(names = "--provider", paramLabel = "NAME",
      description = "Cloud provider, instead of CLOUD_PROVIDER.")
  String provider;

  @Option(names = "--node", paramLabel = "NAME", description = "Node name, instead of NODE_NAME.")
  String node;

  @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "${env:OSC_LOG_LEVEL:-INFO}",
      description = "Log level (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Override
  public Integer call() throws InterruptedException {
    Logging.level(logLevel);
    Map<String, String> env = new HashMap<>(System.getenv());
    if (provider != null) {
      env.put("CLOUD_PROVIDER", provider);
    }
    if (node != null) {
      env.put(CaaSettings.NODE_NAME, node);
    }
    CaaSettings settings;
    try {
      settings = CaaSettings.from(env);
    } catch (IllegalArgumentException e) {
      System.err.println("osc caa: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (CloudProvider cloud = Providers.create(settings.provider(), env,
            new LocalForwarders(settings.podsDir().resolveSibling("local-vms"),
                settings.forwarderPort(), AgentPath.DEFAULT_AGENT_SOCKET));
        KubernetesClient client = new KubernetesClientBuilder().build();
        CaaDaemon daemon = CaaDaemon.start(settings, env, cloud, client, new Metrics())) {
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
