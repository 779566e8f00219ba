package dev.osc.operator;

import dev.osc.api.v1.KataConfig;
import dev.osc.testkit.Await;
import dev.osc.testkit.MockApi;
import dev.osc.testkit.ReconcileBarrier;
import dev.osc.testkit.RequestCounter;
import dev.osc.testkit.SimulatedCluster;
import dev.osc.testkit.StatusHistory;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A simulated cluster with the operator running in-process, for lifecycle tests. The operator has a
 * client of its own whose requests are counted, and tells of its reconcile passes, so tests wait
 * for a pass instead of sleeping.
 */
final class Harness implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  final SimulatedCluster cluster;
  final RequestCounter requests = new RequestCounter();
  final ReconcileBarrier passes = new ReconcileBarrier();
  private final KubernetesClient operatorClient;
  private OscOperator operator;
  private StatusHistory history;

  Harness(boolean openShift, int workers, Duration delay) {
    cluster = SimulatedCluster.start(new MockApi(), workers, openShift, delay);
    operatorClient = requests.client(cluster.api());
    startOperator();
  }

  KubernetesClient client() {
    return cluster.client();
  }

  /** Creates a KataConfig from YAML and starts recording its status documents. */
  KataConfig create(String yaml) {
    KataConfig kc = client().getKubernetesSerialization().unmarshal(yaml, KataConfig.class);
    history = new StatusHistory(client(), kc.getMetadata().getName());
    return client().resource(kc).create();
  }

  KataConfig get(String name) {
    return client().resources(KataConfig.class).withName(name).get();
  }

  List<Map<String, Object>> documents() {
    return history.documents();
  }

  void awaitInstalled(String name, int nodes) {
    Await.until(
        TIMEOUT,
        name + " installed on " + nodes + " nodes",
        () -> {
          KataConfig kc = get(name);
          return kc != null
              && kc.getStatus() != null
              && kc.getStatus().getKataNodes().getReadyNodeCount() == nodes
              && kc.getStatus().getKataNodes().getNodeCount() == nodes
              && kc.getStatus().getConditions().size() == 1
              && "False".equals(kc.getStatus().getConditions().get(0).getStatus())
              && "".equals(kc.getStatus().getConditions().get(0).getReason());
        },
        () -> documents().isEmpty() ? "nothing" : documents().get(documents().size() - 1));
  }

  void awaitGone(String name) {
    Await.until(
        TIMEOUT,
        name + " deleted",
        () -> get(name) == null,
        () -> documents().isEmpty() ? "nothing" : documents().get(documents().size() - 1));
  }

  /** Stops the operator as a crash would (no cleanup) and starts a fresh one. */
  void restartOperator() {
    operator.close();
    startOperator();
  }

  /**
   * Restarts the operator and waits until its first pass over {@code name} has ended; returns the
   * requests the new operator sent (its informers' lists and watches included).
   */
  Map<String, Long> restartOperatorAndAwaitPass(String name) {
    operator.close();
    long next = passes.started(name) + 1;
    requests.reset();
    startOperator();
    passes.awaitPasses(name, next, TIMEOUT);
    return requests.snapshot();
  }

  /** Waits until the pass of {@code name} running now (if any) has ended. */
  void awaitPassEnded(String name) {
    passes.awaitPasses(name, passes.started(name), TIMEOUT);
  }

  /**
   * A steady-state pass: wakes the operator with a change it does not care about (a label on a
   * node) and returns the requests it sent until the passes of {@code names} ended.
   */
  Map<String, Long> steadyPass(String... names) {
    for (String name : names) {
      awaitPassEnded(name);
    }
    requests.reset();
    long[] next = new long[names.length];
    for (int i = 0; i < names.length; i++) {
      next[i] = passes.started(names[i]) + 1;
    }
    String node = client().nodes().list().getItems().get(0).getMetadata().getName();
    client()
        .nodes()
        .withName(node)
        .edit(
            n -> {
              n.getMetadata().getLabels().put("touched", String.valueOf(System.nanoTime()));
              return n;
            });
    for (int i = 0; i < names.length; i++) {
      passes.awaitPasses(names[i], next[i], TIMEOUT);
    }
    return requests.snapshot();
  }

  void stopOperator() {
    operator.close();
  }

  void startOperator() {
    operator = OscOperator.start(operatorClient, OperatorSettings.defaults(), passes);
  }

  @Override
  public void close() {
    if (history != null) {
      history.close();
    }
    operator.close();
    operatorClient.close();
    cluster.close();
  }
}
