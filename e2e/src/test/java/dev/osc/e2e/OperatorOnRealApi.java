package dev.osc.e2e;

import dev.osc.operator.OperatorSettings;
import dev.osc.operator.OscOperator;
import dev.osc.testkit.Await;
import dev.osc.testkit.RealApi;
import dev.osc.testkit.SimulatedCluster;
import dev.osc.testkit.StatusHistory;
import dev.osc.testkit.Table81;
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
    RealApi api = RealApiExtension.startOrSkip();
    cluster = SimulatedCluster.start(api, 2, openShift, Duration.ofMillis(600));
    operator = OscOperator.start(cluster.client(), OperatorSettings.defaults());
    kubectl = new Kubectl(api.kubeconfig());
  }

  /** Waits for the two workers installed, then for table 8.1's install documents. */
  void awaitInstalledAsDocumented(StatusHistory history) {
    Await.until(
        TIMEOUT,
        "installed",
        () ->
            kubectl
                .ok(
                    "get",
                    "kataconfig",
                    NAME,
                    "-o",
                    "jsonpath={.status.conditions[0].status}/{.status.kataNodes.readyNodeCount}")
                .equals("False/2"),
        () -> Table81.show(history.documents()));
    Await.until(
        TIMEOUT,
        "table 8.1 install documents",
        () -> Table81.missing(history.documents(), Table81.INSTALL).isEmpty(),
        () -> Table81.show(history.documents()));
  }

  /** Waits for table 8.1's uninstall documents among those recorded after {@code from}. */
  static void awaitUninstallDocuments(StatusHistory history, int from) {
    Await.until(
        TIMEOUT,
        "table 8.1 uninstall documents",
        () ->
            Table81.missing(
                    history.documents().subList(from, history.documents().size()),
                    Table81.UNINSTALL)
                .isEmpty(),
        () -> Table81.show(history.documents()));
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
