package dev.osc.dev;

import dev.osc.api.Names;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1.KataConfigSpec;
import dev.osc.caa.hypervisor.HypervisorMessages;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.cli.Logging;
import dev.osc.testkit.Await;
import dev.osc.testkit.Crds;
import dev.osc.testkit.LocalAdaptorEnv;
import dev.osc.testkit.RealApi;
import dev.osc.ttrpc.TtrpcClient;
import dev.osc.ttrpc.UnixSockets;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "footprint",
    mixinStandardHelpOptions = true,
    description = {
      "Measures the production jar (cli/target/osc.jar) as processes, started as the image starts"
          + " it, on the real kube-apiserver test bed: the adaptor (`osc caa`, local provider) with"
          + " 200 pod VMs, and the operator (`osc operator`) over 1,000 nodes with a KataConfig."
          + " Prints, for each, the time from process start to ready (the log line it prints once"
          + " serving) and its resident memory (VmRSS now, VmHWM the peak) from /proc.",
      "The local provider runs each VM's forwarder inside the adaptor's process, so the adaptor's"
          + " figure is an upper bound of what it needs with VMs in a cloud."
    })
final class FootprintBenchCommand implements Callable<Integer> {
  @Option(
      names = "--vms",
      defaultValue = "200",
      description = "Pod VMs of the adaptor (default: ${DEFAULT-VALUE}).")
  int vms;

  @Option(
      names = "--nodes",
      defaultValue = "1000",
      description = "Nodes the operator watches (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(
      names = "--jar",
      defaultValue = "cli/target/osc.jar",
      description = "The production jar (default: ${DEFAULT-VALUE}).")
  Path jar;

  /** As the image's ENTRYPOINT runs it. */
  private static final List<String> JVM = List.of("java", "-XX:MaxRAMPercentage=75", "-jar");

  private static final String NS = "footprint";

  /** The adaptor's node, where the scheduler put the pods: its informer caches hold them. */
  private static final String NODE = "footprint-node";

  private static final String CAA_READY = "serving hypervisor.Hypervisor on";
  private static final String OPERATOR_READY = "osc operator: running against";

  @Override
  public Integer call() throws Exception {
    Logging.level("WARN");
    if (!Files.isRegularFile(jar)) {
      System.err.println("osc bench footprint: no " + jar + " (mvn -o package -pl cli -am)");
      return 2;
    }
    if (RealApi.Binaries.find().isEmpty()) {
      System.err.println("osc bench footprint: needs the test-bed binaries: " + RealApi.HOW_TO_GET);
      return 2;
    }
    // Short: agent sockets live under it, and a unix socket path holds at most 107 bytes.
    Path dir = Files.createDirectories(Path.of("/tmp", "ofp" + ProcessHandle.current().pid()));
    try (RealApi api = RealApi.startIfAvailable().orElseThrow()) {
      Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), api.kubeconfig());
      KubernetesClient client = api.client();
      Crds.installOurs(client);
      System.out.printf(
          "%-34s %14s %12s %12s%n", "process", "start→ready s", "VmRSS MiB", "VmHWM MiB");
      adaptor(client, kubeconfig, dir);
      operator(client, kubeconfig);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return 0;
  }

  private void adaptor(KubernetesClient client, Path kubeconfig, Path dir) throws Exception {
    namespace(client, "kube-system");
    namespace(client, NS);
    CaaBenchCommand.kataRemotePods(client, NS, vms, NODE);
    Path caaDir = Files.createDirectories(dir.resolve("c"));
    Map<String, String> env =
        LocalAdaptorEnv.in(caaDir, NODE)
            .with(PeerPodsKeys.PEERPODS_LIMIT_PER_NODE, Integer.toString(vms))
            .with(PeerPodsKeys.JANITOR_INTERVAL, "1h")
            .with(PeerPodsKeys.FORWARDER_PORT, Integer.toString(freePort()))
            .with(PeerPodsKeys.TUNNEL_TYPE, "none")
            .build();
    Path socket = Path.of(env.get(PeerPodsKeys.REMOTE_HYPERVISOR_ENDPOINT.name()));
    try (Measured caa = Measured.start(List.of("caa"), jar, kubeconfig, env, CAA_READY)) {
      caa.print("adaptor, ready (no VMs)");
      List<String> ids = new ArrayList<>();
      ExecutorService shims = Executors.newFixedThreadPool(32);
      try {
        List<Future<?>> started = new ArrayList<>();
        for (int i = 0; i < vms; i++) {
          String sid = String.format("%064x", 0xf00L + i);
          ids.add(sid);
          int n = i;
          started.add(shims.submit(() -> createAndStart(socket, sid, n)));
        }
        for (Future<?> f : started) {
          f.get(10, TimeUnit.MINUTES);
        }
        caa.print("adaptor, " + vms + " VMs running");
        List<Future<?>> stopped = new ArrayList<>();
        for (String sid : ids) {
          stopped.add(
              shims.submit(
                  () ->
                      call(socket, HypervisorMessages.STOP_VM, HypervisorMessages.idRequest(sid))));
        }
        for (Future<?> f : stopped) {
          f.get(10, TimeUnit.MINUTES);
        }
      } finally {
        shims.shutdownNow();
      }
    }
  }

  private void operator(KubernetesClient client, Path kubeconfig) throws Exception {
    namespace(client, Names.OPERATOR_NAMESPACE);
    for (int i = 0; i < nodes; i++) {
      client
          .resource(
              new NodeBuilder()
                  .withNewMetadata()
                  .withName(String.format("worker-%04d", i))
                  .withLabels(Map.of(Names.LABEL_ROLE_WORKER, ""))
                  .endMetadata()
                  .build())
          .create();
    }
    try (Measured op =
        Measured.start(List.of("operator"), jar, kubeconfig, Map.of(), OPERATOR_READY)) {
      op.print("operator, ready (" + nodes + " nodes)");
      KataConfig kc = new KataConfig();
      kc.getMetadata().setName("example-kataconfig");
      kc.setSpec(new KataConfigSpec());
      client.resource(kc).create();
      Await.until(
          Duration.ofMinutes(5),
          "the operator's first status on the KataConfig",
          () -> {
            KataConfig now =
                client.resources(KataConfig.class).withName("example-kataconfig").get();
            return now.getStatus() != null
                && now.getStatus().getConditions() != null
                && !now.getStatus().getConditions().isEmpty();
          });
      Thread.sleep(5000); // its passes over the nodes carry on; let them
      op.print("operator, KataConfig reconciled");
    }
  }

  private static Void createAndStart(Path socket, String sid, int n) throws Exception {
    call(
        socket,
        HypervisorMessages.CREATE_VM,
        new HypervisorMessages.CreateVmRequest(
                sid,
                Map.of(
                    SandboxRequest.SANDBOX_NAME, "pod-" + n, SandboxRequest.SANDBOX_NAMESPACE, NS),
                "")
            .encode());
    return call(socket, HypervisorMessages.START_VM, HypervisorMessages.idRequest(sid));
  }

  private static Void call(Path socket, String method, byte[] request) throws Exception {
    try (TtrpcClient client = new TtrpcClient(UnixSockets.connect(socket))) {
      client.call(HypervisorMessages.SERVICE, method, request);
    }
    return null;
  }

  private static void namespace(KubernetesClient client, String name) {
    if (client.namespaces().withName(name).get() == null) {
      client
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** One process of the production jar, from its start to the log line saying it is ready. */
  private static final class Measured implements AutoCloseable {
    private final Process process;
    private final double readySeconds;

    private Measured(Process process, double readySeconds) {
      this.process = process;
      this.readySeconds = readySeconds;
    }

    static Measured start(
        List<String> command, Path jar, Path kubeconfig, Map<String, String> env, String ready)
        throws IOException, InterruptedException {
      List<String> argv = new ArrayList<>(JVM);
      argv.add(jar.toString());
      argv.addAll(command);
      ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
      pb.environment().putAll(env);
      pb.environment().put("KUBECONFIG", kubeconfig.toString());
      long began = System.nanoTime();
      Process p = pb.start();
      CompletableFuture<Double> readyAt = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = out.readLine()) != null; ) {
                    if (!readyAt.isDone() && line.contains(ready)) {
                      readyAt.complete((System.nanoTime() - began) / 1e9);
                    } else if (line.contains("ERROR") || line.contains("Exception")) {
                      System.err.println("  " + command.get(0) + ": " + line);
                    }
                  }
                } catch (IOException e) {
                  readyAt.completeExceptionally(e);
                }
                readyAt.completeExceptionally(
                    new IllegalStateException(
                        "osc " + command.get(0) + " ended before it was ready"));
              },
              "footprint-" + command.get(0));
      reader.setDaemon(true);
      reader.start();
      try {
        return new Measured(p, readyAt.get(3, TimeUnit.MINUTES));
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        p.destroyForcibly();
        throw new IllegalStateException("osc " + command.get(0) + ": " + e.getMessage(), e);
      }
    }

    void print(String what) throws IOException {
      Map<String, Long> kib = status();
      System.out.printf(
          "%-34s %14.2f %12d %12d%n",
          what, readySeconds, kib.get("VmRSS") >> 10, kib.get("VmHWM") >> 10);
    }

    /** VmRSS and VmHWM in KiB, from /proc/<pid>/status. */
    private Map<String, Long> status() throws IOException {
      Map<String, Long> out = new java.util.HashMap<>();
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        String[] kv = line.split(":\\s+", 2);
        if (kv[0].equals("VmRSS") || kv[0].equals("VmHWM")) {
          out.put(kv[0], Long.parseLong(kv[1].replace(" kB", "").trim()));
        }
      }
      return out;
    }

    /** SIGTERM, as the kubelet stops it; then waits for it. */
    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
