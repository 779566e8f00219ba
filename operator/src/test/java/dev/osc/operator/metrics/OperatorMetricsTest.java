package dev.osc.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.api.Conditions;
import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1.KataConfigCondition;
import dev.osc.api.v1.KataConfigStatus;
import dev.osc.metrics.Metrics;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.monitoring.Metrics.ControllerExecution;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorMetricsTest {
  @ParameterizedTest(name = "{0}/{1} nodes ready, InProgress={2}, failed={3}: {4}")
  @CsvSource({
    "3, 3, False, 0, 1",
    "2, 3, False, 0, 0",
    "3, 3, True, 0, 0",
    "3, 3, False, 1, 0",
    "0, 0, False, 0, 0",
  })
  void installationSucceedsOnlyWhenSettledWithEveryNodeReady(
      int ready, int nodes, String inProgress, int failed, int expected) {
    KataConfig kc = kataConfig(ready, nodes, inProgress, failed);
    assertThat(KataHealth.of(List.of(kc), false, List.of()).installed()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} phase {1} waiting {2}: failed={3}")
  @CsvSource({
    "kata-remote, Running, '', false",
    "kata-remote, Failed, '', true",
    "kata-remote, Pending, ContainerCreating, false",
    "kata-remote, Pending, CreateContainerError, true",
    "kata-remote, Running, CrashLoopBackOff, true",
    "kata, Failed, '', false",
  })
  void countsTheRemotePodsAndTheFailedOnes(
      String runtimeClass, String phase, String waiting, boolean failed) {
    KataHealth h = KataHealth.of(List.of(), true, List.of(pod(runtimeClass, phase, waiting)));
    assertThat(h.remotePods()).isEqualTo(runtimeClass.equals("kata-remote") ? 1 : 0);
    assertThat(h.failedRemotePods()).isEqualTo(failed ? 1 : 0);
    assertThat(h.failureRatio()).isEqualTo(failed ? 1.0 : 0.0);
  }

  @Test
  void exposesTheGaugesOncePerScrapeAndNothingWhenTheClusterCannotBeRead() {
    Metrics metrics = new Metrics();
    int[] reads = {0};
    KataHealth[] health = {new KataHealth(1, 1, 4, 1)};
    new OperatorMetrics(
        metrics,
        () -> {
          reads[0]++;
          if (health[0] == null) {
            throw new KubernetesClientException("forbidden");
          }
          return health[0];
        });
    String text = metrics.render();
    assertThat(reads[0]).isEqualTo(1);
    assertThat(text)
        .contains("kata_config_installation_success 1.0")
        .contains("kata_remote_runtimeclass_available 1.0")
        .contains("kata_total_remote_pods 4.0")
        .contains("kata_failed_remote_pods 1.0")
        .contains("kata_remote_workload_failure_ratio 0.25");
    health[0] = null;
    assertThat(metrics.render()).doesNotContain("kata_");
  }

  @Test
  void countsAndTimesReconcilePassesAndTheirErrors() throws Exception {
    Metrics metrics = new Metrics();
    OperatorMetrics om = new OperatorMetrics(metrics, () -> new KataHealth(0, 0, 0, 0));
    assertThat(om.timeControllerExecution(execution("kataconfig", null))).isEqualTo("done");
    assertThatThrownBy(() -> om.timeControllerExecution(execution("kataconfig", "conflict")))
        .hasMessage("conflict");
    assertThat(
            metrics.value(
                OperatorMetrics.RECONCILES, "controller", "kataconfig", "operation", "reconcile"))
        .isEqualTo(2);
    assertThat(
            metrics.value(
                OperatorMetrics.RECONCILE_ERRORS,
                "controller",
                "kataconfig",
                "operation",
                "reconcile"))
        .isEqualTo(1);
    assertThat(
            metrics.value(
                OperatorMetrics.RECONCILE_SECONDS,
                "controller",
                "kataconfig",
                "operation",
                "reconcile"))
        .isEqualTo(2);
  }

  private static ControllerExecution<String> execution(String controller, String failure) {
    return new ControllerExecution<>() {
      @Override
      public String name() {
        return "reconcile";
      }

      @Override
      public String controllerName() {
        return controller;
      }

      @Override
      public String successTypeName(String result) {
        return "success";
      }

      @Override
      public ResourceID resourceID() {
        return new ResourceID("example-kataconfig");
      }

      @Override
      public Map<String, Object> metadata() {
        return Map.of();
      }

      @Override
      public String execute() {
        if (failure != null) {
          throw new IllegalStateException(failure);
        }
        return "done";
      }
    };
  }

  private static KataConfig kataConfig(int ready, int nodes, String inProgress, int failed) {
    KataConfig kc = new KataConfig();
    kc.getMetadata().setName("example-kataconfig");
    KataConfigStatus status = new KataConfigStatus();
    status.getKataNodes().setNodeCount(nodes);
    status.getKataNodes().setReadyNodeCount(ready);
    for (int i = 0; i < failed; i++) {
      status.getKataNodes().getFailedToInstall().add("worker-" + i);
    }
    status
        .getConditions()
        .add(
            new KataConfigCondition(
                Conditions.TYPE_IN_PROGRESS, inProgress, "", "", "2026-12-06T00:00:00Z"));
    kc.setStatus(status);
    return kc;
  }

  private static Pod pod(String runtimeClass, String phase, String waiting) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web")
        .endMetadata()
        .withNewSpec()
        .withRuntimeClassName(runtimeClass)
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .addNewContainerStatus()
        .withName("app")
        .withNewState()
        .withNewWaiting()
        .withReason(waiting.isEmpty() ? null : waiting)
        .endWaiting()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }
}
