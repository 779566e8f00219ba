package dev.osc.dev;

import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.v1alpha1.PeerPod;
import dev.osc.caa.BoundedHttpClientFactory;
import dev.osc.caa.CaaDaemon;
import dev.osc.caa.CaaSettings;
import dev.osc.caa.cloud.local.LocalForwarders;
import dev.osc.caa.cloud.local.LocalProvider;
import dev.osc.caa.hypervisor.HypervisorMessages;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.cli.Logging;
import dev.osc.metrics.Metrics;
import dev.osc.testkit.Await;
import dev.osc.testkit.Crds;
import dev.osc.testkit.EmbeddedApi;
import dev.osc.testkit.LocalAdaptorEnv;
import dev.osc.testkit.MockApi;
import dev.osc.testkit.PeerPodCluster;
import dev.osc.testkit.RealApi;
import dev.osc.testkit.RequestCounter;
import dev.osc.ttrpc.TtrpcClient;
import dev.osc.ttrpc.UnixSockets;
import dev.osc.ttrpc.bench.RoundTripBench;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "caa",
    mixinStandardHelpOptions = true,
    description = {
      "Measures the cloud-api-adaptor: many sandboxes created, started and stopped at once"
          + " through its hypervisor socket, as Kata shims on a busy node would call it, with the"
          + " local provider (each VM's forwarder in this process on an address of its own,"
          + " reached over mutual TLS before StartVM answers) and a simulated cloud latency per"
          + " launch and delete. Prints total"
          + " time, p50/p99 per call, peak threads and peak heap; then ttrpc round trips of our"
          + " client against our server and against the Go containerd/ttrpc server.",
      ""
    })
final class CaaBenchCommand implements Callable<Integer> {
  @Option(
      names = "--sandboxes",
      defaultValue = "200",
      description = "Sandboxes, all at once (default: ${DEFAULT-VALUE}).")
  int sandboxes;

  @Option(
      names = "--latency",
      split = ",",
      defaultValue = "0s,1s",
      description = "Simulated cloud latencies, one run each (default: ${DEFAULT-VALUE}).")
  List<String> latencies;

  @Option(
      names = "--api",
      defaultValue = "auto",
      description =
          "mock: fabric8's mock API"
              + " server (it answers one request at a time, so it dominates the figures); real: a real"
              + " kube-apiserver + etcd built by scripts/testbed.sh; auto: real when those binaries are"
              + " present (default: ${DEFAULT-VALUE}).")
  String api;

  @Option(
      names = "--ttrpc-calls",
      defaultValue = "20000",
      description = "Round trips per ttrpc measurement (default: ${DEFAULT-VALUE}).")
  int ttrpcCalls;

  @Option(
      names = "--network",
      description =
          "Instead: what the pod network tunnel costs"
              + " (root): StartVM/StopVM p50/p99 without and with it, VMs as network namespaces, and"
              + " TCP throughput into a VM's pod namespace through the tunnel vs the same veth path"
              + " without it.")
  boolean network;

  @Option(
      names = "--network-sandboxes",
      defaultValue = "10",
      description = "Sandboxes per arm of --network, one at a time (default: ${DEFAULT-VALUE}).")
  int networkSandboxes;

  @Option(
      names = "--seconds",
      defaultValue = "5",
      description = "Seconds per throughput measurement of --network (default: ${DEFAULT-VALUE}).")
  int seconds;

  private static final String NS = "bench";

  /** The adaptor's node, where the scheduler put the bench's pods. */
  private static final String NODE = "bench-node";

  /**
   * The threads standing for Kata shims (other processes on a real node), and those they start
   * (their ttrpc clients' readers).
   */
  private static final ThreadGroup SHIMS = new ThreadGroup("bench-shims");

  private static final String SHIM_THREAD = "bench-shim-";

  @Override
  public Integer call() throws Exception {
    Logging.level("WARN");
    if (network) {
      return CaaNetworkBench.run(networkSandboxes, seconds, System.out);
    }
    boolean real = !api.equals("mock") && RealApi.Binaries.find().isPresent();
    if (api.equals("real") && !real) {
      System.err.println(
          "osc bench caa: --api=real needs the test-bed binaries: " + RealApi.HOW_TO_GET);
      return 2;
    }
    System.out.printf(
        "%d sandboxes at once, local provider, %s%n",
        sandboxes, real ? "real kube-apiserver + etcd" : "fabric8 mock API server");
    System.out.printf(
        "%-8s %9s  %-8s %9s %9s %9s  %8s %8s %9s%n",
        "latency",
        "total s",
        "call",
        "p50 ms",
        "p99 ms",
        "max ms",
        "threads",
        "process",
        "heap MiB");
    for (String latency : latencies) {
      run(latency);
    }
    System.out.println();
    System.out.println("ttrpc round trips, 64-byte payload, one connection:");
    RoundTripBench.run(ttrpcCalls, 64, System.out);
    return 0;
  }

  private void run(String latency) throws Exception {
    // Short: sockets live under it, and a unix socket path holds at most 107 bytes.
    Path dir =
        Files.createDirectories(
            Path.of("/tmp", "ocb" + ProcessHandle.current().pid() + "-" + latency));
    try {
      run(latency, dir);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void run(String latency, Path dir) throws Exception {
    var env =
        LocalAdaptorEnv.in(dir, NODE)
            .with(PeerPodsKeys.PEERPODS_LIMIT_PER_NODE, Integer.toString(sandboxes))
            .with(PeerPodsKeys.LOCAL_LATENCY, latency)
            .with(PeerPodsKeys.JANITOR_INTERVAL, "1h")
            .with(PeerPodsKeys.FORWARDER_PORT, "15150")
            .with(PeerPodsKeys.TUNNEL_TYPE, "none")
            .build();
    CaaSettings settings = CaaSettings.from(env);
    try (EmbeddedApi api = startApi();
        LocalProvider cloud =
            new LocalProvider(
                settings.peerPods().get(PeerPodsKeys.LOCAL_LATENCY),
                new LocalForwarders(dir.resolve("vms"), 15150, dir.resolve("agent.sock")))) {
      KubernetesClient client = api.client();
      prepare(client);
      RequestCounter requests = new RequestCounter();
      try (KubernetesClient adaptorClient =
              new KubernetesClientBuilder()
                  .withConfig(Config.fromKubeconfig(api.kubeconfig()))
                  .withHttpClientFactory(new BoundedHttpClientFactory())
                  .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count", requests))
                  .build();
          CaaDaemon daemon = CaaDaemon.start(settings, cloud, adaptorClient, new Metrics())) {
        requests.reset();
        resetPeaks();
        // Per sandbox: CreateVM, StartVM and StopVM times, and when its StartVM answered.
        long[][] nanos = new long[4][sandboxes];
        AtomicInteger shimIds = new AtomicInteger();
        ExecutorService shims =
            Executors.newFixedThreadPool(
                sandboxes, r -> new Thread(SHIMS, r, SHIM_THREAD + shimIds.incrementAndGet()));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < sandboxes; i++) {
          int n = i;
          done.add(
              shims.submit(
                  () -> {
                    go.await();
                    shim(settings.socket(), n, nanos);
                    return null;
                  }));
        }
        // The shims stand for other processes, the VMs' forwarders and the cloud for other
        // machines.
        ThreadSampler threads =
            new ThreadSampler(
                t ->
                    t.getThreadGroup() == SHIMS
                        || t.getThreadGroup() == LocalForwarders.VM_THREADS
                        || t.getThreadGroup() == LocalProvider.CLOUD_THREADS);
        CpuMeter cpu = new CpuMeter();
        long began = System.nanoTime();
        go.countDown();
        for (Future<?> f : done) {
          f.get();
        }
        double total = (System.nanoTime() - began) / 1e9;
        double allStarted = (Arrays.stream(nanos[3]).max().orElse(began) - began) / 1e9;
        Map<String, Double> cpuSeconds = cpu.seconds();
        threads.close();
        shims.shutdown();
        String[] names = {"CreateVM", "StartVM", "StopVM"};
        for (int c = 0; c < 3; c++) {
          long[] sorted = nanos[c].clone();
          Arrays.sort(sorted);
          System.out.printf(
              "%-8s %9s  %-8s %9.2f %9.2f %9.2f  %8s %8s %9s%n",
              c == 0 ? latency : "",
              c == 0 ? String.format("%.2f", total) : "",
              names[c],
              ms(sorted[sorted.length / 2]),
              ms(sorted[(int) (sorted.length * 0.99)]),
              ms(sorted[sorted.length - 1]),
              c == 0 ? Integer.toString(threads.peakOurs()) : "",
              c == 0 ? Integer.toString(threads.peakAll()) : "",
              c == 0 ? Long.toString(peakHeap() >> 20) : "");
        }
        System.out.printf(
            "         API requests per sandbox: %.1f writes, %.1f reads (%s)%n",
            requests.writes() / (double) sandboxes,
            (requests.total() - requests.writes()) / (double) sandboxes,
            requests.snapshot());
        System.out.printf("         adaptor threads at their peak: %s%n", threads.breakdown(8));
        System.out.printf(
            "         all %d VMs started after %.2f s; CPU seconds spent: %s; %d cores: %.2f s of"
                + " CPU at the least%n",
            sandboxes,
            allStarted,
            cpuSeconds.entrySet().stream()
                .map(e -> String.format("%s %.2f", e.getKey(), e.getValue()))
                .reduce((a, b) -> a + ", " + b)
                .orElse(""),
            Runtime.getRuntime().availableProcessors(),
            cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum()
                / Runtime.getRuntime().availableProcessors());
        if (!cloud.instances().isEmpty()) {
          throw new IllegalStateException(cloud.instances().size() + " VMs left running");
        }
      }
    }
  }

  /** One Kata shim: a new connection per call, as the shim's remote hypervisor does. */
  private static void shim(Path socket, int n, long[][] nanos) throws Exception {
    String sid = String.format("%064x", n + 1L);
    byte[][] requests = {
      new HypervisorMessages.CreateVmRequest(
              sid,
              Map.of(SandboxRequest.SANDBOX_NAME, "pod-" + n, SandboxRequest.SANDBOX_NAMESPACE, NS),
              "")
          .encode(),
      HypervisorMessages.idRequest(sid),
      HypervisorMessages.idRequest(sid)
    };
    String[] methods = {
      HypervisorMessages.CREATE_VM, HypervisorMessages.START_VM, HypervisorMessages.STOP_VM
    };
    for (int c = 0; c < 3; c++) {
      long t = System.nanoTime();
      try (TtrpcClient client = new TtrpcClient(UnixSockets.connect(socket))) {
        client.call(HypervisorMessages.SERVICE, methods[c], requests[c]);
      }
      long end = System.nanoTime();
      nanos[c][n] = end - t;
      if (c == 1) {
        nanos[3][n] = end;
      }
    }
  }

  private EmbeddedApi startApi() {
    return !api.equals("mock") && RealApi.Binaries.find().isPresent()
        ? RealApi.startIfAvailable().orElseThrow()
        : new MockApi();
  }

  private void prepare(KubernetesClient client) {
    Crds.installOurs(client);
    Await.until(
        Duration.ofSeconds(60),
        "the PeerPod CRD served",
        () -> {
          try {
            client.resources(PeerPod.class).inAnyNamespace().list();
            return true;
          } catch (RuntimeException notYet) {
            return false;
          }
        });
    for (String ns : new String[] {"kube-system", NS}) {
      if (client.namespaces().withName(ns).get() == null) {
        client
            .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
            .create();
      }
    }
    kataRemotePods(client, NS, sandboxes, NODE);
  }

  private static void resetPeaks() {
    ManagementFactory.getThreadMXBean().resetPeakThreadCount();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeap() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed())
        .sum();
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /**
   * {@code count} pods {@code pod-0...} of runtime class kata-remote in {@code namespace} on {@code
   * node}, that runtime class (a real API server admits a pod only if its runtime class exists) and
   * the namespace's {@code default} service account (a cluster's controller makes it in every
   * namespace; kube-apiserver alone does not).
   */
  static void kataRemotePods(KubernetesClient client, String namespace, int count, String node) {
    client
        .resource(
            new io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder()
                .withNewMetadata()
                .withName("kata-remote")
                .endMetadata()
                .withHandler("kata-remote")
                .build())
        .createOr(r -> r.update());
    client
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("default").endMetadata().build())
        .inNamespace(namespace)
        .createOr(r -> r.update());
    for (int i = 0; i < count; i++) {
      PeerPodCluster.kataRemotePod(client, namespace, "pod-" + i, node);
    }
  }
}
