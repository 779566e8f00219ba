package dev.osc.e2e;

import dev.osc.operator.OperatorSettings;
import dev.osc.operator.OscOperator;
import dev.osc.testkit.RealApi;
import dev.osc.testkit.SimulatedCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A real API server with two simulated workers and the operator running in-process. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OperatorOnRealApi {
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  static final String NAME = "example-kataconfig";

  private final boolean openShift;
  SimulatedCluster cluster;
  OscOperator operator;
  Kubectl kubectl;

  OperatorOnRealApi(boolean openShift) {
    this.openShift = openShift;
  }

  @BeforeAll
  void start() throws Exception {
    RealApi api = RealApiExtension.startOrSkip(getClass().getSimpleName());
    cluster = SimulatedCluster.start(api, 2, openShift, Duration.ofMillis(300));
    operator = OscOperator.start(cluster.client(), OperatorSettings.defaults());
    kubectl = new Kubectl(api.kubeconfig());
  }

  @AfterAll
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }
}
