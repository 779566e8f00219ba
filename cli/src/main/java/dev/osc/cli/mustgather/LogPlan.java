package dev.osc.cli.mustgather;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which logs of a pod can be asked for: a container's current log once it has started, its previous
 * one once it has restarted or ended before. Asking a kubelet for a container that never ran only
 * returns an error, so the reason is recorded instead.
 */
public final class LogPlan {
  private LogPlan() {}

  /** One log of one container: fetched when {@code skipReason} is empty. */
  public record Entry(String container, boolean previous, Optional<String> skipReason) {
    public String fileName() {
      return previous ? "previous.log" : "current.log";
    }
  }

  public static List<Entry> of(Pod pod) {
    List<Entry> plan = new ArrayList<>();
    String phase = pod.getStatus() == null ? "unknown" : pod.getStatus().getPhase();
    List<Container> containers =
        Stream.concat(
                pod.getSpec().getInitContainers().stream(), pod.getSpec().getContainers().stream())
            .toList();
    for (Container c : containers) {
      ContainerStatus s = status(pod, c.getName()).orElse(null);
      if (pod.getSpec().getNodeName() == null) {
        String why = "no logs: pod not running (phase " + phase + ", not scheduled to a node)";
        plan.add(new Entry(c.getName(), false, Optional.of(why)));
        plan.add(new Entry(c.getName(), true, Optional.of(why)));
        continue;
      }
      plan.add(new Entry(c.getName(), false, current(s, phase)));
      plan.add(new Entry(c.getName(), true, previous(s)));
    }
    return plan;
  }

  private static Optional<String> current(ContainerStatus s, String phase) {
    if (s == null || s.getState() == null) {
      return Optional.of("no logs: pod not running (phase " + phase + ", container not started)");
    }
    if (s.getState().getWaiting() != null && !restarted(s)) {
      return Optional.of(
          "no logs: container waiting (" + s.getState().getWaiting().getReason() + ")");
    }
    return Optional.empty();
  }

  private static Optional<String> previous(ContainerStatus s) {
    if (s != null && restarted(s)) {
      return Optional.empty();
    }
    return Optional.of(
        "no previous container: restart count "
            + (s == null || s.getRestartCount() == null ? 0 : s.getRestartCount()));
  }

  private static boolean restarted(ContainerStatus s) {
    return s.getLastState() != null && s.getLastState().getTerminated() != null;
  }

  private static Optional<ContainerStatus> status(Pod pod, String container) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    return Stream.concat(
            pod.getStatus().getInitContainerStatuses().stream(),
            pod.getStatus().getContainerStatuses().stream())
        .filter(s -> container.equals(s.getName()))
        .findFirst();
  }
}
