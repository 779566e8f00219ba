package dev.osc.operator.strategy;

import dev.osc.api.Names;
import dev.osc.operator.model.NodePhase;
import dev.osc.operator.model.NodeProgress;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Set;

/** A node's phase from kata-deploy's node label, our install gate and the installer pods. Pure. */
public final class KataDeployClassifier {
  private KataDeployClassifier() {}

  /** Waiting reasons the kubelet reports for a container that cannot run. */
  private static final Set<String> ERROR_REASONS =
      Set.of(
          "CrashLoopBackOff",
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "CreateContainerConfigError",
          "CreateContainerError",
          "RunContainerError");

  /**
   * @param installError error of the kata-deploy pod on this node, or null
   * @param cleanupError error of the kata-cleanup pod on this node, or null
   */
  public static NodeProgress classify(
      Node node, boolean wanted, String installError, String cleanupError) {
    String name = node.getMetadata().getName();
    Map<String, String> labels =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    String runtime = labels.get(Names.LABEL_KATA_RUNTIME);
    boolean gated = Names.INSTALL_GATE_OPEN.equals(labels.get(Names.LABEL_INSTALL_GATE));

    if (Names.KATA_RUNTIME_CLEANUP.equals(runtime)) {
      // A cleanup in flight finishes first, even if the node is wanted again.
      return cleanupError != null
          ? new NodeProgress(name, NodePhase.FAILED_TO_UNINSTALL, cleanupError)
          : NodeProgress.of(name, NodePhase.UNINSTALLING);
    }
    boolean installed = Names.KATA_RUNTIME_INSTALLED.equals(runtime);
    if (wanted) {
      if (installed) {
        return NodeProgress.of(name, NodePhase.INSTALLED);
      }
      if (gated) {
        return installError != null
            ? new NodeProgress(name, NodePhase.FAILED_TO_INSTALL, installError)
            : NodeProgress.of(name, NodePhase.INSTALLING);
      }
      return NodeProgress.of(name, NodePhase.WAITING_TO_INSTALL);
    }
    return installed || gated
        ? NodeProgress.of(name, NodePhase.WAITING_TO_UNINSTALL)
        : NodeProgress.of(name, NodePhase.NOT_KATA);
  }

  /** Why an installer pod cannot do its job, or null while it is healthy. */
  public static String podError(Pod pod) {
    if (pod.getStatus() == null) {
      return null;
    }
    if ("Failed".equals(pod.getStatus().getPhase())) {
      String why =
          pod.getStatus().getMessage() != null
              ? pod.getStatus().getMessage()
              : pod.getStatus().getReason();
      return "pod " + pod.getMetadata().getName() + " failed" + (why == null ? "" : ": " + why);
    }
    if (pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
      var state = cs.getState();
      if (state == null) {
        continue;
      }
      if (state.getWaiting() != null && ERROR_REASONS.contains(state.getWaiting().getReason())) {
        return state.getWaiting().getReason()
            + (state.getWaiting().getMessage() == null
                ? ""
                : ": " + state.getWaiting().getMessage());
      }
      if (state.getTerminated() != null
          && state.getTerminated().getExitCode() != null
          && state.getTerminated().getExitCode() != 0) {
        return "container "
            + cs.getName()
            + " exited with code "
            + state.getTerminated().getExitCode()
            + (state.getTerminated().getMessage() == null
                ? ""
                : ": " + state.getTerminated().getMessage());
      }
    }
    return null;
  }
}
