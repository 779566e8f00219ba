package dev.osc.operator.strategy;

import dev.osc.api.v1.KataConfig;
import dev.osc.operator.k8s.Kind;
import dev.osc.operator.model.NodeProgress;
import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Set;

/**
 * How kata gets onto nodes. OpenShift clusters use the MachineConfig operator; plain Kubernetes
 * clusters use the Kata project's installer DaemonSet. Either way the state lives in the cluster
 * (node labels and annotations, pools, DaemonSets), so any pass can start from scratch.
 */
public interface InstallStrategy {

  /** Short name for logs and the playground ("MachineConfig", "DaemonSet"). */
  String name();

  /** What this strategy reads whose changes are progress: they wake the reconciler. */
  List<Kind<?>> watched();

  /** What else this strategy reads or writes: cached, waking the reconciler when deleted. */
  List<Kind<?>> cached();

  /**
   * Takes one step towards kata on exactly the {@code wanted} nodes, never making more than one
   * node unavailable, and reports every node's progress after its own writes.
   *
   * @param removing the KataConfig is being deleted: also withdraw the install configuration
   */
  List<NodeProgress> converge(
      KataConfig kc, Set<String> wanted, boolean removing, List<Node> nodes);

  /** Deletes every object this strategy created; called once no node is pending any more. */
  void removeAll(KataConfig kc);
}
