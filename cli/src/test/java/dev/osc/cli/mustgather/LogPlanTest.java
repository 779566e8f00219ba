package dev.osc.cli.mustgather;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogPlanTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "not scheduled",
            pod(null, "Pending", null),
            Optional.of("no logs: pod not running (phase Pending, not scheduled to a node)"),
            Optional.of("no logs: pod not running (phase Pending, not scheduled to a node)")),
        Arguments.of(
            "scheduled, no container status yet",
            pod("worker-0", "Pending", null),
            Optional.of("no logs: pod not running (phase Pending, container not started)"),
            Optional.of("no previous container: restart count 0")),
        Arguments.of(
            "waiting for its image",
            pod(
                "worker-0",
                "Pending",
                new ContainerStatusBuilder()
                    .withName("c")
                    .withNewState()
                    .withNewWaiting()
                    .withReason("ContainerCreating")
                    .endWaiting()
                    .endState()
                    .build()),
            Optional.of("no logs: container waiting (ContainerCreating)"),
            Optional.of("no previous container: restart count 0")),
        Arguments.of(
            "running, never restarted",
            pod(
                "worker-0",
                "Running",
                new ContainerStatusBuilder()
                    .withName("c")
                    .withNewState()
                    .withNewRunning()
                    .endRunning()
                    .endState()
                    .build()),
            Optional.empty(),
            Optional.of("no previous container: restart count 0")),
        Arguments.of(
            "crash looping: both logs",
            pod(
                "worker-0",
                "Running",
                new ContainerStatusBuilder()
                    .withName("c")
                    .withRestartCount(3)
                    .withNewState()
                    .withNewWaiting()
                    .withReason("CrashLoopBackOff")
                    .endWaiting()
                    .endState()
                    .withNewLastState()
                    .withNewTerminated()
                    .withExitCode(1)
                    .endTerminated()
                    .endLastState()
                    .build()),
            Optional.empty(),
            Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void asksOnlyForLogsThatExist(
      String title, Pod pod, Optional<String> current, Optional<String> previous) {
    assertThat(LogPlan.of(pod))
        .containsExactly(
            new LogPlan.Entry("c", false, current), new LogPlan.Entry("c", true, previous));
  }

  private static Pod pod(
      String node, String phase, io.fabric8.kubernetes.api.model.ContainerStatus s) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .addNewContainer()
        .withName("c")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .withContainerStatuses(s == null ? List.of() : List.of(s))
        .endStatus()
        .build();
  }
}
