package dev.osc.operator.metrics;

import dev.osc.api.Conditions;
import dev.osc.api.Names;
import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1.KataConfigCondition;
import dev.osc.api.v1.KataNodesStatus;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the operator's {@code kata_*} gauges say about the cluster, decided from what it reads.
 *
 * @param installed 1 when the KataConfig is installed on every node it selects, else 0
 * @param remoteRuntimeClass 1 when the {@code kata-remote} runtime class exists, else 0
 * @param remotePods pods of runtime class {@code kata-remote}
 * @param failedRemotePods those of them that failed (see {@link #failed})
 */
public record KataHealth(
    int installed, int remoteRuntimeClass, int remotePods, int failedRemotePods) {

  /**
   * Why a container of a peer pod is failing: the VM or the container could not be made, or it
   * keeps dying. A pod still creating its sandbox (VM booting) is not failing.
   */
  static final Set<String> FAILING_WAITING_REASONS =
      Set.of("CreateContainerError", "RunContainerError", "CrashLoopBackOff", "ErrImagePull");

  public static KataHealth of(
      List<KataConfig> kataConfigs, boolean remoteRuntimeClass, List<Pod> pods) {
    List<Pod> remote =
        pods.stream()
            .filter(p -> p.getSpec() != null)
            .filter(p -> Names.RUNTIME_CLASS_KATA_REMOTE.equals(p.getSpec().getRuntimeClassName()))
            .toList();
    return new KataHealth(
        kataConfigs.stream().anyMatch(KataHealth::installed) ? 1 : 0,
        remoteRuntimeClass ? 1 : 0,
        remote.size(),
        (int) remote.stream().filter(KataHealth::failed).count());
  }

  /** Failed remote pods over all remote pods, 0 without any. */
  public double failureRatio() {
    return remotePods == 0 ? 0 : (double) failedRemotePods / remotePods;
  }

  /** Not in progress, not failed, and every selected node has kata. */
  static boolean installed(KataConfig kc) {
    if (kc.getStatus() == null || kc.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    KataNodesStatus nodes = kc.getStatus().getKataNodes();
    boolean settled =
        kc.getStatus().getConditions().stream()
            .filter(c -> Conditions.TYPE_IN_PROGRESS.equals(c.getType()))
            .map(KataConfigCondition::getStatus)
            .anyMatch(Conditions.FALSE::equals);
    return settled
        && nodes != null
        && nodes.getNodeCount() > 0
        && nodes.getReadyNodeCount() == nodes.getNodeCount()
        && nodes.getFailedToInstall().isEmpty();
  }

  /** Phase Failed, or a container waiting for a reason that means it will not start by itself. */
  static boolean failed(Pod pod) {
    if (pod.getStatus() == null) {
      return false;
    }
    if ("Failed".equals(pod.getStatus().getPhase())) {
      return true;
    }
    return Stream.concat(
            pod.getStatus().getInitContainerStatuses().stream(),
            pod.getStatus().getContainerStatuses().stream())
        .map(ContainerStatus::getState)
        .anyMatch(
            s ->
                s != null
                    && s.getWaiting() != null
                    && s.getWaiting().getReason() != null
                    && FAILING_WAITING_REASONS.contains(s.getWaiting().getReason()));
  }
}
