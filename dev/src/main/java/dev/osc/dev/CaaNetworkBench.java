package dev.osc.dev;

import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.caa.CaaDaemon;
import dev.osc.caa.CaaSettings;
import dev.osc.caa.cloud.local.LocalProvider;
import dev.osc.caa.cloud.local.NetnsVms;
import dev.osc.caa.hypervisor.HypervisorMessages;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.cli.Osc;
import dev.osc.metrics.Metrics;
import dev.osc.testkit.Crds;
import dev.osc.testkit.LocalAdaptorEnv;
import dev.osc.testkit.MockApi;
import dev.osc.testkit.net.NetLab;
import dev.osc.ttrpc.TtrpcClient;
import dev.osc.ttrpc.UnixSockets;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code osc bench caa --network}: what the pod network tunnel costs, on real kernel networking
 * (root): local VMs as network namespaces running {@code osc forwarder}, pod namespaces made as the
 * CNI bridge plugin makes them. Sandboxes are created, started and stopped one at a time without
 * and with the tunnel (TUNNEL_TYPE none, vxlan): the difference is what the tunnel adds (worker
 * side at CreateVM and StartVM, VM side before the forwarder answers). Then TCP throughput from
 * another pod to the peer pod's address (through the tunnel into the VM) against the same veth path
 * to a pod without a VM.
 */
final class CaaNetworkBench {
  private static final String NS = "bench";
  private static final String POD_SUBNET = "10.252.51";
  private static final String VM_SUBNET = "10.251.51";

  private CaaNetworkBench() {}

  static int run(int sandboxes, int seconds, PrintStream out) throws Exception {
    String why = NetLab.unavailable();
    if (why != null) {
      out.println("osc bench caa --network: " + why);
      return 2;
    }
    Path dir = Files.createDirectories(Path.of("/tmp", "ocn" + ProcessHandle.current().pid()));
    try (NetLab pods = new NetLab("bnp", POD_SUBNET);
        NetLab vms = new NetLab("bnv", VM_SUBNET);
        MockApi api = new MockApi()) {
      prepare(api.client(), sandboxes + 1);
      List<String> podNs = new ArrayList<>();
      for (int i = 0; i <= sandboxes; i++) {
        podNs.add(pods.pod("p" + i, 10 + i, 1450));
      }
      out.printf(
          "network mode: %d sandboxes one at a time, VMs as network namespaces running"
              + " osc forwarder, pods on a CNI-style bridge%n",
          sandboxes);
      sandboxes(api.client(), vms, dir, "none", podNs.subList(0, 1), null); // warm-up
      long[][] plain =
          sandboxes(api.client(), vms, dir, "none", podNs.subList(1, podNs.size()), null);
      double[] throughput = new double[1];
      long[][] tunnelled =
          sandboxes(
              api.client(),
              vms,
              dir,
              "vxlan",
              podNs.subList(1, podNs.size()),
              (vmPodNs, podIp) -> {
                String client = pods.pod("c", 250, 1450);
                String plainPod = pods.pod("b", 251, 1450);
                throughput[0] = send(client, vmPodNs, podIp, seconds);
                double direct = send(client, plainPod, POD_SUBNET + ".251", seconds);
                out.printf(
                    "%nTCP, another pod -> pod address, %d s each: through the tunnel into"
                        + " the VM %.0f MB/s; the same veth path to a pod without VM %.0f MB/s"
                        + " (ratio %.2f)%n",
                    seconds, throughput[0] / 1e6, direct / 1e6, throughput[0] / direct);
              });
      out.printf("%n%-20s %10s %10s %10s%n", "per sandbox, ms", "no tunnel", "tunnel", "added");
      String[] names = {"CreateVM+StartVM", "StopVM"};
      for (int c = 0; c < 2; c++) {
        for (double q : new double[] {0.5, 0.99}) {
          double a = pct(plain[c], q);
          double b = pct(tunnelled[c], q);
          out.printf(
              "%-20s %10.1f %10.1f %10.1f%n", names[c] + (q == 0.5 ? " p50" : " p99"), a, b, b - a);
        }
      }
      return 0;
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Called with the first VM's pod namespace and the pod's address while it runs. */
  interface WhileUp {
    void run(String vmPodNs, String podIp) throws Exception;
  }

  private static long[][] sandboxes(
      KubernetesClient client,
      NetLab vms,
      Path dir,
      String tunnel,
      List<String> podNs,
      WhileUp whileUp)
      throws Exception {
    Map<String, String> env =
        new HashMap<>(
            LocalAdaptorEnv.in(dir, "bench-node")
                .with(PeerPodsKeys.REMOTE_HYPERVISOR_ENDPOINT, dir.resolve("h.sock").toString())
                .with(PeerPodsKeys.FORWARDER_PORT, "15150")
                .with(PeerPodsKeys.TUNNEL_TYPE, tunnel)
                .with(PeerPodsKeys.VXLAN_PORT, "47851")
                .with(PeerPodsKeys.JANITOR_INTERVAL, "1h")
                .build());
    long[][] nanos = new long[2][podNs.size()];
    NetnsVms.Launcher forwarder =
        NetnsVms.Launcher.osc(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Osc.class.getName()));
    try (LocalProvider cloud =
            new LocalProvider(
                Duration.ZERO,
                new NetnsVms(
                    forwarder, "oscnb", vms.bridge(), VM_SUBNET, 15150, dir.resolve("vms")));
        CaaDaemon caa = CaaDaemon.start(CaaSettings.from(env), cloud, client, new Metrics())) {
      for (int i = 0; i < podNs.size(); i++) {
        String sid = String.format("%064x", i + 1L);
        long t = System.nanoTime();
        call(
            dir,
            HypervisorMessages.CREATE_VM,
            new HypervisorMessages.CreateVmRequest(
                    sid,
                    Map.of(
                        SandboxRequest.SANDBOX_NAME,
                        "pod-" + i,
                        SandboxRequest.SANDBOX_NAMESPACE,
                        NS),
                    podNs.get(i))
                .encode());
        call(dir, HypervisorMessages.START_VM, HypervisorMessages.idRequest(sid));
        nanos[0][i] = System.nanoTime() - t;
        if (i == 0 && whileUp != null) {
          var vm = cloud.instances().values().iterator().next();
          whileUp.run(
              NetLab.path("oscnbvm" + vm.id().substring("local-".length()) + "p"),
              POD_SUBNET + "." + (11 + i));
        }
        t = System.nanoTime();
        call(dir, HypervisorMessages.STOP_VM, HypervisorMessages.idRequest(sid));
        nanos[1][i] = System.nanoTime() - t;
      }
    }
    return nanos;
  }

  private static void call(Path dir, String method, byte[] request) throws Exception {
    try (TtrpcClient shim = new TtrpcClient(UnixSockets.connect(dir.resolve("h.sock")))) {
      shim.call(HypervisorMessages.SERVICE, method, request);
    }
  }

  /** Bytes per second from {@code from} to a sink at {@code address} in {@code to}. */
  private static double send(String from, String to, String address, int seconds) throws Exception {
    Process sink = probe(to, "sink", address, "5201");
    try {
      String ready =
          new BufferedReader(new InputStreamReader(sink.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      if (!"ready".equals(ready)) {
        throw new IllegalStateException("the sink in " + to + " said " + ready);
      }
      Process sender = probe(from, "send", address, "5201", Integer.toString(seconds));
      String result =
          new String(sender.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      sender.waitFor(seconds + 30L, TimeUnit.SECONDS);
      return Double.parseDouble(result);
    } finally {
      sink.destroyForcibly().waitFor();
    }
  }

  private static Process probe(String netns, String... args) throws Exception {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "nsenter",
                "--net=" + netns,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                NetProbe.class.getName()));
    argv.addAll(List.of(args));
    return new ProcessBuilder(argv).redirectErrorStream(true).start();
  }

  private static void prepare(KubernetesClient client, int pods) {
    Crds.installOurs(client);
    for (String ns : new String[] {"kube-system", NS}) {
      client
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    for (int i = 0; i < pods; i++) {
      client
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName("pod-" + i)
                  .withNamespace(NS)
                  .withUid("uid-" + i)
                  .endMetadata()
                  .build())
          .create();
    }
  }

  private static double pct(long[] nanos, double q) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
  }
}
