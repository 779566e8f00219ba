package dev.osc.operator.strategy;

import dev.osc.api.Names;
import dev.osc.api.openshift.ContainerRuntimeConfig;
import dev.osc.api.openshift.MachineConfig;
import dev.osc.api.openshift.MachineConfigPool;
import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1.LogLevel;
import dev.osc.operator.k8s.Applier;
import dev.osc.operator.k8s.Caches;
import dev.osc.operator.k8s.Kind;
import dev.osc.operator.k8s.NodeLabels;
import dev.osc.operator.k8s.Owned;
import dev.osc.operator.k8s.Ownership;
import dev.osc.operator.model.NodePhase;
import dev.osc.operator.model.NodeProgress;
import dev.osc.operator.model.NodeSelection;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenShift: a MachineConfig adds the sandboxed-containers extension to pool kata-oc, nodes join
 * the pool through the kata-oc role label, and the MachineConfig operator reboots them one at a
 * time (maxUnavailable 1). Objects are written only when they differ, so a restarted operator
 * causes no new rendering and no extra reboot.
 */
public final class MachineConfigStrategy implements InstallStrategy {

  /** Our MachineConfigs (by the managed-by label): their extensions and files are ours. */
  public static final Kind<MachineConfig> MACHINE_CONFIGS =
      Kind.cluster(
          "MachineConfig",
          MachineConfig.class,
          Names.LABEL_MANAGED_BY + "=" + Names.MANAGED_BY_VALUE,
          new Ownership<>() {
            @Override
            public Object owned(MachineConfig mc) {
              return Arrays.asList(mc.getSpec().extensions, mc.getSpec().config);
            }

            @Override
            public MachineConfig merge(MachineConfig current, MachineConfig desired) {
              current.getSpec().extensions = desired.getSpec().extensions;
              current.getSpec().config = desired.getSpec().config;
              return current;
            }
          });

  /**
   * Every pool (kata-oc and worker are read). Of kata-oc only maxUnavailable is ours: the
   * MachineConfig operator owns spec.configuration.
   */
  public static final Kind<MachineConfigPool> POOLS =
      Kind.cluster(
          "MachineConfigPool",
          MachineConfigPool.class,
          null,
          new Ownership<>() {
            @Override
            public Object owned(MachineConfigPool pool) {
              return pool.getSpec() == null || pool.getSpec().maxUnavailable == null
                  ? null
                  : pool.getSpec().maxUnavailable.getIntVal();
            }

            @Override
            public MachineConfigPool merge(MachineConfigPool current, MachineConfigPool desired) {
              if (current.getSpec() == null) {
                current.setSpec(new MachineConfigPool.Spec());
              }
              current.getSpec().maxUnavailable =
                  new IntOrString(desired.getSpec().maxUnavailable.getIntVal());
              return current;
            }
          });

  /** The log level's ContainerRuntimeConfig (a cluster has few). */
  public static final Kind<ContainerRuntimeConfig> RUNTIME_CONFIGS =
      Kind.cluster(
          "ContainerRuntimeConfig",
          ContainerRuntimeConfig.class,
          null,
          new Ownership<>() {
            @Override
            public Object owned(ContainerRuntimeConfig crc) {
              return crc.logLevel();
            }

            @Override
            public ContainerRuntimeConfig merge(
                ContainerRuntimeConfig current, ContainerRuntimeConfig desired) {
              current.getSpec().containerRuntimeConfig = desired.getSpec().containerRuntimeConfig;
              return current;
            }
          });

  private final Applier applier;
  private final Caches caches;
  private final NodeLabels nodeLabels;
  private final String extensionName;

  public MachineConfigStrategy(KubernetesClient client, Applier applier, String extensionName) {
    this.applier = applier;
    this.caches = applier.caches();
    this.nodeLabels = new NodeLabels(client);
    this.extensionName = extensionName;
  }

  @Override
  public String name() {
    return "MachineConfig";
  }

  @Override
  public List<Kind<?>> watched() {
    return List.of(POOLS);
  }

  @Override
  public List<Kind<?>> cached() {
    return List.of(MACHINE_CONFIGS, RUNTIME_CONFIGS);
  }

  @Override
  public List<NodeProgress> converge(
      KataConfig kc, Set<String> wanted, boolean removing, List<Node> nodes) {
    if (!removing) {
      MachineConfig extension = Owned.label(MachineConfigModel.extension(extensionName), kc);
      extension.getMetadata().getLabels().put(Names.LABEL_MC_ROLE, Names.POOL_KATA_OC);
      applier.apply(MACHINE_CONFIGS, null, Names.MC_ENABLE_EXTENSION, extension);
      for (MachineConfig file : MachineConfigModel.kataRemote()) {
        applier.apply(
            MACHINE_CONFIGS,
            null,
            file.getMetadata().getName(),
            kc.getSpec().isEnablePeerPods() ? Owned.label(file, kc) : null);
      }
      applier.apply(
          POOLS, null, Names.POOL_KATA_OC, Owned.label(MachineConfigModel.kataPool(), kc));
      LogLevel level = kc.getSpec().effectiveLogLevel();
      applier.apply(
          RUNTIME_CONFIGS,
          null,
          Names.CONTAINER_RUNTIME_CONFIG,
          level == LogLevel.INFO
              ? null
              : Owned.label(MachineConfigModel.logLevel(level.value()), kc));
    }
    List<Node> after = relabel(nodes, wanted);
    if (removing) {
      deleteInstallConfig();
    }
    MachineConfigPool kataPool = pool(Names.POOL_KATA_OC);
    MachineConfigPool workerPool = pool(Names.POOL_WORKER);
    List<NodeProgress> progress = new ArrayList<>();
    for (Node node : after) {
      NodeProgress p = MachineConfigClassifier.classify(node, kataPool, workerPool);
      if (p.phase() != NodePhase.NOT_KATA) {
        progress.add(p);
      }
    }
    return progress;
  }

  @Override
  public void removeAll(KataConfig kc) {
    deleteInstallConfig();
    applier.delete(POOLS, null, Names.POOL_KATA_OC);
  }

  private List<Node> relabel(List<Node> nodes, Set<String> wanted) {
    List<Node> after = new ArrayList<>(nodes.size());
    for (Node node : nodes) {
      String name = node.getMetadata().getName();
      boolean has = NodeSelection.labels(node).containsKey(Names.LABEL_ROLE_KATA_OC);
      boolean want = wanted.contains(name);
      if (has == want) {
        after.add(node);
        continue;
      }
      Map<String, String> change = new HashMap<>();
      change.put(Names.LABEL_ROLE_KATA_OC, want ? "" : null);
      after.add(nodeLabels.patch(node, change));
    }
    return after;
  }

  private void deleteInstallConfig() {
    for (MachineConfig mc : MachineConfigModel.kataRemote()) {
      applier.delete(MACHINE_CONFIGS, null, mc.getMetadata().getName());
    }
    applier.delete(MACHINE_CONFIGS, null, Names.MC_ENABLE_EXTENSION);
    applier.delete(RUNTIME_CONFIGS, null, Names.CONTAINER_RUNTIME_CONFIG);
  }

  private MachineConfigPool pool(String name) {
    return caches.get(POOLS, null, name).orElse(null);
  }
}
