package dev.osc.operator.strategy;

import dev.osc.api.Names;
import dev.osc.api.openshift.MachineConfigPool;
import dev.osc.operator.model.NodePhase;
import dev.osc.operator.model.NodeProgress;
import io.fabric8.kubernetes.api.model.Node;
import java.util.Map;

/**
 * A node's phase from the MachineConfig operator's node annotations, compared with the target
 * configuration of the node's pool. The pool's spec.configuration is the target, not the node's
 * desiredConfig: the MCO sets desiredConfig only right before it starts updating that node.
 */
public final class MachineConfigClassifier {
  private MachineConfigClassifier() {}

  private static final String KATA_RENDERED_PREFIX = "rendered-" + Names.POOL_KATA_OC + "-";

  public static NodeProgress classify(
      Node node, MachineConfigPool kataPool, MachineConfigPool workerPool) {
    String name = node.getMetadata().getName();
    Map<String, String> labels =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    Map<String, String> ann =
        node.getMetadata().getAnnotations() == null
            ? Map.of()
            : node.getMetadata().getAnnotations();
    boolean kata = labels.containsKey(Names.LABEL_ROLE_KATA_OC);
    String state = ann.get(Names.ANNOTATION_MCO_STATE);
    String current = ann.get(Names.ANNOTATION_MCO_CURRENT_CONFIG);
    // Without kata in its current config a node leaving kata-oc has nothing to remove.
    boolean runsKata = current != null && current.startsWith(KATA_RENDERED_PREFIX);
    if (!kata && !runsKata) {
      return NodeProgress.of(name, NodePhase.NOT_KATA);
    }
    MachineConfigPool pool = kata ? kataPool : workerPool;
    String target = pool == null ? null : pool.targetConfig();
    if (state == null || current == null) {
      return NodeProgress.of(name, kata ? NodePhase.WAITING_TO_INSTALL : NodePhase.NOT_KATA);
    }
    switch (state) {
      // The MCO treats a config it cannot apply (Unreconcilable) as degraded too.
      case Names.MCO_STATE_DEGRADED, Names.MCO_STATE_UNRECONCILABLE -> {
        String reason = ann.getOrDefault(Names.ANNOTATION_MCO_REASON, "");
        return new NodeProgress(
            name, kata ? NodePhase.FAILED_TO_INSTALL : NodePhase.FAILED_TO_UNINSTALL, reason);
      }
      case Names.MCO_STATE_WORKING -> {
        return NodeProgress.of(name, kata ? NodePhase.INSTALLING : NodePhase.UNINSTALLING);
      }
      default -> {
        if (current.equals(target)) {
          return NodeProgress.of(name, kata ? NodePhase.INSTALLED : NodePhase.NOT_KATA);
        }
        return NodeProgress.of(
            name, kata ? NodePhase.WAITING_TO_INSTALL : NodePhase.WAITING_TO_UNINSTALL);
      }
    }
  }
}
