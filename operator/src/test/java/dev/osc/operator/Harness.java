package dev.osc.operator;

import dev.osc.api.v1.KataConfig;
import dev.osc.testkit.Await;
import dev.osc.testkit.MockApi;
import dev.osc.testkit.SimulatedCluster;
import dev.osc.testkit.StatusHistory;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A simulated cluster with the operator running in-process, for lifecycle tests. */
final class Harness implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  final SimulatedCluster cluster;
  private OscOperator operator;
  private StatusHistory history;

  Harness(boolean openShift, int workers, Duration delay) {
    cluster = SimulatedCluster.start(new MockApi(), workers, openShift, delay);
    operator = OscOperator.start(cluster.client(), OperatorSettings.defaults());
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
    Await.until(TIMEOUT, name + " installed on " + nodes + " nodes", () -> {
      KataConfig kc = get(name);
      return kc != null && kc.getStatus() != null
          && kc.getStatus().getKataNodes().getReadyNodeCount() == nodes
          && kc.getStatus().getKataNodes().getNodeCount() == nodes
          && kc.getStatus().getConditions().size() == 1
          && "False".equals(kc.getStatus().getConditions().get(0).getStatus())
          && "".equals(kc.getStatus().getConditions().get(0).getReason());
    }, () -> documents().isEmpty() ? "nothing" : documents().get(documents().size() - 1));
  }

  void awaitGone(String name) {
    Await.until(TIMEOUT, name + " deleted", () -> get(name) == null,
        () -> documents().isEmpty() ? "nothing" : documents().get(documents().size() - 1));
  }

  /** Stops the operator as a crash would (no cleanup) and starts a fresh one. */
  void restartOperator() {
    operator.close();
    operator = OscOperator.start(client(), OperatorSettings.defaults());
  }

  void stopOperator() {
    operator.close();
  }

  void startOperator() {
    operator = OscOperator.start(client(), OperatorSettings.defaults());
  }

  @Override
  public void close() {
    if (history != null) {
      history.close();
    }
    operator.close();
    cluster.close();
  }
}
