package dev.osc.dev;

import com.sun.management.ThreadMXBean;
import dev.osc.api.Names;
import dev.osc.api.openshift.MachineConfigPool;
import dev.osc.api.v1.KataConfig;
import dev.osc.cli.Logging;
import dev.osc.operator.OperatorSettings;
import dev.osc.operator.OscOperator;
import dev.osc.operator.model.NodeProgress;
import dev.osc.operator.model.NodeSelection;
import dev.osc.operator.model.Situation;
import dev.osc.operator.model.StatusAggregator;
import dev.osc.operator.strategy.MachineConfigClassifier;
import dev.osc.testkit.Await;
import dev.osc.testkit.MockApi;
import dev.osc.testkit.ReconcileBarrier;
import dev.osc.testkit.RequestCounter;
import dev.osc.testkit.SimulatedCluster;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    subcommands = {
      WebhookBenchCommand.class,
      CaaBenchCommand.class,
      PolicyBenchCommand.class,
      MetricsBenchCommand.class,
      FootprintBenchCommand.class
    },
    description =
        "Measures the operator: one reconcile pass over many simulated nodes (time and"
            + " allocations of the pure decisions; the requests of the running operator's"
            + " steady-state pass), and the API writes per node"
            + " transition during a whole installation. Prints figures; machine noise is"
            + " reported as min/median/max over the repetitions. `osc bench webhook` compares"
            + " the pod mutating webhook with upstream's instead.")
final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--nodes",
      defaultValue = "1000",
      description = "Nodes in the pass benchmark (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(
      names = "--repeat",
      defaultValue = "30",
      description = "Measured repetitions after warm-up (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(
      names = "--install-nodes",
      defaultValue = "20",
      description = "Nodes in the whole-installation write count (default: ${DEFAULT-VALUE}).")
  int installNodes;

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Override
  public Integer call() {
    Logging.level("WARN");
    pureDecisions();
    passWithApi();
    installWrites(true);
    installWrites(false);
    return 0;
  }

  /** Classification and status aggregation over N installed nodes, no I/O. */
  private void pureDecisions() {
    List<Node> all = installedNodes(nodes);
    MachineConfigPool kataPool = pool(Names.POOL_KATA_OC, "rendered-kata-oc-1");
    MachineConfigPool workerPool = pool(Names.POOL_WORKER, "rendered-worker-1");
    KataConfig kc = kataConfig();
    Runnable pass =
        () -> {
          Set<String> wanted = NodeSelection.selected(all, kc.getSpec());
          List<NodeProgress> progress = new ArrayList<>(all.size());
          for (Node n : all) {
            progress.add(MachineConfigClassifier.classify(n, kataPool, workerPool));
          }
          if (wanted.size() != progress.size()) {
            throw new IllegalStateException("selection and classification disagree");
          }
          StatusAggregator.next(
              kc,
              new Situation(Situation.Stage.INSTALLING, progress, List.of("kata"), null),
              Instant.now());
        };
    Figures f = measure(pass, 200, repeat * 10);
    System.out.printf("pure decisions, %d nodes: %s%n", nodes, f);
  }

  /**
   * Steady-state passes of the running operator over N installed nodes (OpenShift): each is woken
   * by a label change on a node that changes nothing, and its requests are counted.
   */
  private void passWithApi() {
    String name = "example-kataconfig";
    try (MockApi api = new MockApi()) {
      KubernetesClient client = api.client();
      dev.osc.testkit.Crds.installMachineConfigApi(client);
      client.resource(pool(Names.POOL_WORKER, "rendered-worker-1")).create();
      MachineConfigPool kataPool = pool(Names.POOL_KATA_OC, "rendered-kata-oc-1");
      kataPool.getSpec().maxUnavailable = new IntOrString(1);
      client.resource(kataPool).create();
      for (Node n : installedNodes(nodes)) {
        client.resource(n).create();
      }
      RequestCounter counter = new RequestCounter();
      ReconcileBarrier passes = new ReconcileBarrier();
      KubernetesClient counted = counter.client(api);
      try (OscOperator op = OscOperator.start(counted, OperatorSettings.defaults(), passes)) {
        client.resource(kataConfig()).create();
        Await.until(
            Duration.ofMinutes(5),
            "installed on " + nodes + " nodes",
            () -> {
              KataConfig kc = client.resources(KataConfig.class).withName(name).get();
              return kc.getStatus() != null
                  && kc.getStatus().getRuntimeClasses().contains("kata")
                  && kc.getStatus().getKataNodes().getReadyNodeCount() == nodes;
            });
        passes.awaitPasses(name, passes.started(name), Duration.ofMinutes(1));
        counter.reset();
        double[] ms = new double[repeat];
        for (int i = 0; i < repeat; i++) {
          long next = passes.started(name) + 1;
          String touched = String.valueOf(i);
          long t0 = System.nanoTime();
          client
              .nodes()
              .withName(String.format("worker-%04d", i % nodes))
              .edit(
                  n -> {
                    n.getMetadata().getLabels().put("bench-touch", touched);
                    return n;
                  });
          passes.awaitPasses(name, next, Duration.ofMinutes(1));
          ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(
            "steady-state pass of the operator, %d nodes: median %.1f ms from the"
                + " node change to the pass's end; %.1f requests/pass (%.1f GETs), %d writes %s%n",
            nodes,
            ms[repeat / 2],
            (double) counter.total() / repeat,
            (double) counter.gets() / repeat,
            counter.writes(),
            counter.snapshot());
      } finally {
        counted.close();
      }
    }
  }

  /** A whole installation with the operator: how many writes it costs per node transition. */
  private void installWrites(boolean openShift) {
    try (SimulatedCluster cluster =
        SimulatedCluster.start(new MockApi(), installNodes, openShift, Duration.ofMillis(20))) {
      RequestCounter counter = new RequestCounter();
      KubernetesClient client = counter.client(cluster.api());
      try (OscOperator op = OscOperator.start(client, OperatorSettings.defaults())) {
        cluster.client().resource(kataConfig()).create();
        Await.until(
            Duration.ofMinutes(5),
            "installation",
            () -> {
              KataConfig kc =
                  cluster.client().resources(KataConfig.class).withName("example-kataconfig").get();
              return kc.getStatus() != null
                  && kc.getStatus().getKataNodes().getReadyNodeCount() == installNodes
                  && kc.getStatus().getRuntimeClasses().contains("kata");
            });
        // Two transitions per node: waiting -> installing -> installed.
        int transitions = 2 * installNodes;
        Map<String, Long> writes = new java.util.TreeMap<>();
        counter
            .snapshot()
            .forEach(
                (k, v) -> {
                  if (!k.startsWith("get ") && !k.startsWith("list ") && !k.startsWith("watch ")) {
                    writes.put(k, v);
                  }
                });
        System.out.printf(
            "installation of %d nodes (%s): %d writes, %.2f per node" + " transition %s%n",
            installNodes,
            op.strategyName(),
            counter.writes(),
            (double) counter.writes() / transitions,
            writes);
      } finally {
        client.close();
      }
    }
  }

  private static KataConfig kataConfig() {
    KataConfig kc = new KataConfig();
    kc.getMetadata().setName("example-kataconfig");
    kc.getMetadata().setGeneration(1L);
    kc.setSpec(new dev.osc.api.v1.KataConfigSpec());
    return kc;
  }

  private static List<Node> installedNodes(int count) {
    List<Node> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(
          new NodeBuilder()
              .withNewMetadata()
              .withName(String.format("worker-%04d", i))
              .withCreationTimestamp("2026-01-01T00:00:00Z")
              .withLabels(Map.of(Names.LABEL_ROLE_WORKER, "", Names.LABEL_ROLE_KATA_OC, ""))
              .withAnnotations(
                  Map.of(
                      Names.ANNOTATION_MCO_STATE, Names.MCO_STATE_DONE,
                      Names.ANNOTATION_MCO_CURRENT_CONFIG, "rendered-kata-oc-1",
                      Names.ANNOTATION_MCO_DESIRED_CONFIG, "rendered-kata-oc-1"))
              .endMetadata()
              .build());
    }
    return out;
  }

  private static MachineConfigPool pool(String name, String rendered) {
    MachineConfigPool p = new MachineConfigPool();
    p.getMetadata().setName(name);
    p.setSpec(new MachineConfigPool.Spec());
    p.getSpec().configuration = new MachineConfigPool.Configuration(rendered);
    return p;
  }

  record Figures(double minMs, double medianMs, double maxMs, long medianBytes) {
    @Override
    public String toString() {
      return String.format(
          "min %.3f ms, median %.3f ms, max %.3f ms, %,d bytes allocated" + " (median)",
          minMs, medianMs, maxMs, medianBytes);
    }
  }

  private static Figures measure(Runnable pass, int warmup, int runs) {
    for (int i = 0; i < warmup; i++) {
      pass.run();
    }
    long tid = Thread.currentThread().getId();
    double[] ms = new double[runs];
    long[] bytes = new long[runs];
    for (int i = 0; i < runs; i++) {
      long b0 = THREADS.getThreadAllocatedBytes(tid);
      long t0 = System.nanoTime();
      pass.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
      bytes[i] = THREADS.getThreadAllocatedBytes(tid) - b0;
    }
    Arrays.sort(ms);
    Arrays.sort(bytes);
    return new Figures(ms[0], ms[runs / 2], ms[runs - 1], bytes[runs / 2]);
  }
}
