package dev.osc.operator.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import dev.osc.operator.model.NodePhase;
import dev.osc.operator.model.NodeProgress;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class KataDeployClassifierTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
      # case                                  | runtime label | gate    | wanted | install error | cleanup error | phase                | error
      new node, wanted                        | -             | -       | true   | -             | -             | WAITING_TO_INSTALL   | -
      stale pod error before the gate opens   | -             | -       | true   | CrashLoop     | -             | WAITING_TO_INSTALL   | -
      gate with another value                 | -             | open    | true   | -             | -             | WAITING_TO_INSTALL   | -
      gate open                               | -             | install | true   | -             | -             | INSTALLING           | -
      gate open, installer failing            | -             | install | true   | CrashLoop     | -             | FAILED_TO_INSTALL    | CrashLoop
      installed                               | true          | install | true   | -             | -             | INSTALLED            | -
      installed beats installer error         | true          | install | true   | CrashLoop     | -             | INSTALLED            | -
      installed, gate already closed          | true          | -       | true   | -             | -             | INSTALLED            | -
      installed, not wanted                   | true          | -       | false  | -             | -             | WAITING_TO_UNINSTALL | -
      gate open, not wanted                   | -             | install | false  | -             | -             | WAITING_TO_UNINSTALL | -
      cleanup running                         | cleanup       | -       | false  | -             | -             | UNINSTALLING         | -
      cleanup finishes even if wanted again   | cleanup       | install | true   | -             | -             | UNINSTALLING         | -
      cleanup failing                         | cleanup       | -       | false  | -             | OOMKilled     | FAILED_TO_UNINSTALL  | OOMKilled
      cleanup ignores installer error         | cleanup       | -       | false  | CrashLoop     | -             | UNINSTALLING         | -
      never had kata                          | -             | -       | false  | -             | -             | NOT_KATA             | -
      cleanup error without cleanup label     | -             | -       | false  | -             | OOMKilled     | NOT_KATA             | -
      unknown runtime label, not wanted       | false         | -       | false  | -             | -             | NOT_KATA             | -
      """)
  void classify(
      String description,
      String runtime,
      String gate,
      boolean wanted,
      String installError,
      String cleanupError,
      NodePhase phase,
      String error) {
    Map<String, String> labels = new HashMap<>();
    if (runtime != null) {
      labels.put(Names.LABEL_KATA_RUNTIME, runtime);
    }
    if (gate != null) {
      labels.put(Names.LABEL_INSTALL_GATE, gate);
    }
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName("worker-0")
            .withLabels(labels.isEmpty() ? null : labels)
            .endMetadata()
            .build();
    assertThat(KataDeployClassifier.classify(node, wanted, installError, cleanupError))
        .isEqualTo(new NodeProgress("worker-0", phase, error));
  }

  private static Pod pod(PodStatus status) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("kata-deploy-x7k2p")
        .endMetadata()
        .withStatus(status)
        .build();
  }

  private static Pod running(ContainerStatus... statuses) {
    return pod(new PodStatusBuilder().withPhase("Running").withContainerStatuses(statuses).build());
  }

  private static ContainerStatus waiting(String reason, String message) {
    return new ContainerStatusBuilder()
        .withName("kube-kata")
        .withNewState()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .endState()
        .build();
  }

  private static ContainerStatus terminated(String name, Integer exitCode, String message) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withNewState()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withMessage(message)
        .endTerminated()
        .endState()
        .build();
  }

  private static ContainerStatus ok() {
    return new ContainerStatusBuilder()
        .withName("sidecar")
        .withNewState()
        .withNewRunning()
        .endRunning()
        .endState()
        .build();
  }

  static Stream<Arguments> pods() {
    return Stream.of(
        Arguments.of("no status yet", pod(null), null),
        Arguments.of(
            "pending, no container statuses",
            pod(new PodStatusBuilder().withPhase("Pending").build()),
            null),
        Arguments.of(
            "pod failed",
            pod(
                new PodStatusBuilder()
                    .withPhase("Failed")
                    .withMessage("The node was low on resource: memory.")
                    .build()),
            "pod kata-deploy-x7k2p failed: The node was low on resource: memory."),
        Arguments.of(
            "pod evicted, reason only",
            pod(new PodStatusBuilder().withPhase("Failed").withReason("Evicted").build()),
            "pod kata-deploy-x7k2p failed: Evicted"),
        Arguments.of(
            "pod failed, nothing said",
            pod(new PodStatusBuilder().withPhase("Failed").build()),
            "pod kata-deploy-x7k2p failed"),
        Arguments.of("running", running(ok()), null),
        Arguments.of(
            "container without state",
            running(new ContainerStatusBuilder().withName("kube-kata").build()),
            null),
        Arguments.of("creating", running(waiting("ContainerCreating", "pulling")), null),
        Arguments.of("initializing", running(waiting("PodInitializing", null)), null),
        Arguments.of(
            "crash loop",
            running(waiting("CrashLoopBackOff", "back-off 5m0s restarting failed container")),
            "CrashLoopBackOff: back-off 5m0s restarting failed container"),
        Arguments.of(
            "image pull back-off, no message",
            running(waiting("ImagePullBackOff", null)),
            "ImagePullBackOff"),
        Arguments.of(
            "err image pull",
            running(waiting("ErrImagePull", "not found")),
            "ErrImagePull: not found"),
        Arguments.of(
            "invalid image name", running(waiting("InvalidImageName", null)), "InvalidImageName"),
        Arguments.of(
            "create config error",
            running(waiting("CreateContainerConfigError", "secret missing")),
            "CreateContainerConfigError: secret missing"),
        Arguments.of(
            "create container error",
            running(waiting("CreateContainerError", null)),
            "CreateContainerError"),
        Arguments.of(
            "run container error",
            running(waiting("RunContainerError", null)),
            "RunContainerError"),
        Arguments.of("exited cleanly", running(terminated("kube-kata", 0, null)), null),
        Arguments.of("exit code unknown", running(terminated("kube-kata", null, null)), null),
        Arguments.of(
            "exited with error",
            running(terminated("kube-kata", 1, "no such file")),
            "container kube-kata exited with code 1: no such file"),
        Arguments.of(
            "killed, no message",
            running(terminated("kube-kata", 137, null)),
            "container kube-kata exited with code 137"),
        Arguments.of(
            "first failing container reported",
            running(ok(), terminated("first", 2, null), waiting("CrashLoopBackOff", null)),
            "container first exited with code 2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pods")
  void podError(String description, Pod pod, String expected) {
    assertThat(KataDeployClassifier.podError(pod)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "phase {0}")
  @CsvSource({"Pending", "Running", "Succeeded", "Unknown"})
  void onlyFailedPhaseIsAnErrorByItself(String phase) {
    Pod pod =
        pod(
            new PodStatusBuilder()
                .withPhase(phase)
                .withMessage("m")
                .withContainerStatuses(List.of(ok()))
                .build());
    assertThat(KataDeployClassifier.podError(pod)).isNull();
  }
}
