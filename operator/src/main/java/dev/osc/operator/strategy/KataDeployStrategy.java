package dev.osc.operator.strategy;

import dev.osc.api.Meta;
import dev.osc.api.Names;
import dev.osc.api.v1.KataConfig;
import dev.osc.operator.k8s.Applier;
import dev.osc.operator.k8s.Caches;
import dev.osc.operator.k8s.DaemonSets;
import dev.osc.operator.k8s.Kind;
import dev.osc.operator.k8s.NodeLabels;
import dev.osc.operator.model.NodePhase;
import dev.osc.operator.model.NodeProgress;
import dev.osc.operator.model.NodeSelection;
import dev.osc.operator.model.Turns;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain Kubernetes: the Kata project's kata-deploy DaemonSet installs the runtime, gated by a node
 * label we move one node at a time; kata-cleanup removes it. Progress is read back from the node
 * label kata-deploy sets and from the installer pods' container states.
 */
public final class KataDeployStrategy implements InstallStrategy {
  private static final Logger LOG = LoggerFactory.getLogger(KataDeployStrategy.class);

  /** The installers' pods: their container states are progress. */
  public static final Kind<Pod> INSTALLER_PODS =
      Kind.namespaced(
          "installer-pods",
          Pod.class,
          "name in (" + Names.KATA_DEPLOY_DAEMONSET + "," + Names.KATA_CLEANUP_DAEMONSET + ")",
          null);

  private final Caches caches;
  private final NodeLabels nodeLabels;
  private final DaemonSets daemonSets;
  private final String namespace;
  private final String image;

  public KataDeployStrategy(
      KubernetesClient client, Applier applier, String namespace, String image) {
    this.caches = applier.caches();
    this.nodeLabels = new NodeLabels(client);
    this.daemonSets = new DaemonSets(applier);
    this.namespace = namespace;
    this.image = image;
  }

  @Override
  public String name() {
    return "DaemonSet";
  }

  @Override
  public List<Kind<?>> watched() {
    return List.of(INSTALLER_PODS);
  }

  /** The DaemonSets are cached for the adaptor's too, with or without this strategy. */
  @Override
  public List<Kind<?>> cached() {
    return List.of();
  }

  @Override
  public List<NodeProgress> converge(
      KataConfig kc, Set<String> wanted, boolean removing, List<Node> nodes) {
    var level = kc.getSpec().effectiveLogLevel();
    daemonSets.ensure(
        kc, KataDeployModel.installer(namespace, image, level, kc.getSpec().isEnablePeerPods()));
    daemonSets.ensure(kc, KataDeployModel.cleaner(namespace, image, level));

    List<Node> after = new ArrayList<>(nodes.size());
    boolean relabelled = false;
    for (Node node : nodes) {
      boolean want = wanted.contains(node.getMetadata().getName());
      boolean has = NodeSelection.labels(node).containsKey(Names.LABEL_ROLE_KATA_OC);
      if (has == want) {
        after.add(node);
      } else {
        after.add(relabel(node, want));
        relabelled = true;
      }
    }
    Map<String, String> installErrors = podErrors(Names.KATA_DEPLOY_DAEMONSET);
    Map<String, String> cleanupErrors = podErrors(Names.KATA_CLEANUP_DAEMONSET);
    List<NodeProgress> progress = classify(after, wanted, installErrors, cleanupErrors);

    // A pass that changed the node set only reports it; the next pass starts moving nodes.
    Optional<Turns.Turn> turn = relabelled ? Optional.empty() : Turns.next(progress, after);
    if (turn.isPresent()) {
      String name = turn.get().node();
      Map<String, String> change = new HashMap<>();
      if (turn.get().install()) {
        LOG.info("node {}: its turn to install kata", name);
        change.put(Names.LABEL_INSTALL_GATE, Names.INSTALL_GATE_OPEN);
      } else {
        LOG.info("node {}: its turn to uninstall kata", name);
        change.put(Names.LABEL_INSTALL_GATE, null);
        change.put(Names.LABEL_KATA_RUNTIME, Names.KATA_RUNTIME_CLEANUP);
      }
      Node seen =
          after.stream()
              .filter(n -> n.getMetadata().getName().equals(name))
              .findFirst()
              .orElseThrow();
      Node changed = nodeLabels.patch(seen, change);
      after.replaceAll(n -> n.getMetadata().getName().equals(name) ? changed : n);
      progress = classify(after, wanted, installErrors, cleanupErrors);
    }
    return progress;
  }

  @Override
  public void removeAll(KataConfig kc) {
    for (String name : List.of(Names.KATA_DEPLOY_DAEMONSET, Names.KATA_CLEANUP_DAEMONSET)) {
      daemonSets.delete(namespace, name);
    }
  }

  private List<NodeProgress> classify(
      List<Node> nodes,
      Set<String> wanted,
      Map<String, String> installErrors,
      Map<String, String> cleanupErrors) {
    List<NodeProgress> out = new ArrayList<>();
    for (Node node : nodes) {
      String name = node.getMetadata().getName();
      NodeProgress p =
          KataDeployClassifier.classify(
              node, wanted.contains(name), installErrors.get(name), cleanupErrors.get(name));
      if (p.phase() != NodePhase.NOT_KATA) {
        out.add(p);
      }
    }
    return out;
  }

  private Node relabel(Node node, boolean want) {
    Map<String, String> change = new HashMap<>();
    change.put(Names.LABEL_ROLE_KATA_OC, want ? "" : null);
    return nodeLabels.patch(node, change);
  }

  /** Node name to the error of this DaemonSet's pod there, for pods that cannot work. */
  private Map<String, String> podErrors(String daemonSet) {
    Map<String, String> errors = new HashMap<>();
    for (Pod pod :
        caches
            .list(INSTALLER_PODS)
            .filter(p -> daemonSet.equals(Meta.labels(p).get("name")))
            .toList()) {
      String error = KataDeployClassifier.podError(pod);
      if (error != null && pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
        errors.put(pod.getSpec().getNodeName(), error);
      }
    }
    return errors;
  }
}
