package dev.osc.operator.strategy;

import dev.osc.api.Names;
import dev.osc.api.openshift.ContainerRuntimeConfig;
import dev.osc.api.openshift.MachineConfig;
import dev.osc.api.openshift.MachineConfigPool;
import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1.LogLevel;
import dev.osc.operator.k8s.NodeLabels;
import dev.osc.operator.k8s.Owned;
import dev.osc.operator.model.NodePhase;
import dev.osc.operator.model.NodeProgress;
import dev.osc.operator.model.NodeSelection;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenShift: a MachineConfig adds the sandboxed-containers extension to pool kata-oc, nodes join
 * the pool through the kata-oc role label, and the MachineConfig operator reboots them one at a
 * time (maxUnavailable 1). Objects are written only when they differ, so a restarted operator
 * causes no new rendering and no extra reboot.
 */
public final class MachineConfigStrategy implements InstallStrategy {
  private static final Logger LOG = LoggerFactory.getLogger(MachineConfigStrategy.class);

  private final KubernetesClient client;
  private final NodeLabels nodeLabels;
  private final String extensionName;

  public MachineConfigStrategy(KubernetesClient client, String extensionName) {
    this.client = client;
    this.nodeLabels = new NodeLabels(client);
    this.extensionName = extensionName;
  }

  @Override
  public String name() {
    return "MachineConfig";
  }

  @Override
  public List<NodeProgress> converge(
      KataConfig kc, Set<String> wanted, boolean removing, List<Node> nodes) {
    if (!removing) {
      ensureExtension(kc);
      ensureKataRemote(kc, kc.getSpec().isEnablePeerPods());
      ensurePool(kc);
      ensureLogLevel(kc, kc.getSpec().effectiveLogLevel());
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
    if (client.resources(MachineConfigPool.class).withName(Names.POOL_KATA_OC).get() != null) {
      LOG.info("deleting MachineConfigPool {}", Names.POOL_KATA_OC);
      client.resources(MachineConfigPool.class).withName(Names.POOL_KATA_OC).delete();
    }
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

  private void ensureExtension(KataConfig kc) {
    MachineConfig desired = Owned.label(MachineConfigModel.extension(extensionName), kc);
    desired.getMetadata().getLabels().put(Names.LABEL_MC_ROLE, Names.POOL_KATA_OC);
    MachineConfig existing =
        client.resources(MachineConfig.class).withName(Names.MC_ENABLE_EXTENSION).get();
    if (existing == null) {
      LOG.info("creating MachineConfig {} (extension {})", Names.MC_ENABLE_EXTENSION,
          extensionName);
      client.resource(desired).create();
    } else if (!Objects.equals(existing.getSpec().extensions, desired.getSpec().extensions)) {
      LOG.info("updating MachineConfig {} extensions to {}", Names.MC_ENABLE_EXTENSION,
          desired.getSpec().extensions);
      existing.getSpec().extensions = desired.getSpec().extensions;
      client.resource(existing).update();
    }
  }

  private void ensureKataRemote(KataConfig kc, boolean wanted) {
    for (MachineConfig desired : MachineConfigModel.kataRemote()) {
      var resource = client.resources(MachineConfig.class)
          .withName(desired.getMetadata().getName());
      MachineConfig existing = resource.get();
      if (wanted && existing == null) {
        LOG.info("creating MachineConfig {}", desired.getMetadata().getName());
        client.resource(Owned.label(desired, kc)).create();
      } else if (wanted && !Objects.equals(existing.getSpec().config, desired.getSpec().config)) {
        LOG.info("updating MachineConfig {}", desired.getMetadata().getName());
        existing.getSpec().config = desired.getSpec().config;
        client.resource(existing).update();
      } else if (!wanted && existing != null) {
        LOG.info("deleting MachineConfig {}", desired.getMetadata().getName());
        resource.delete();
      }
    }
  }

  private void ensurePool(KataConfig kc) {
    MachineConfigPool existing =
        client.resources(MachineConfigPool.class).withName(Names.POOL_KATA_OC).get();
    if (existing == null) {
      LOG.info("creating MachineConfigPool {}", Names.POOL_KATA_OC);
      client.resource(Owned.label(MachineConfigModel.kataPool(), kc)).create();
    } else if (existing.getSpec() == null
        || existing.getSpec().maxUnavailable == null
        || !Integer.valueOf(1).equals(existing.getSpec().maxUnavailable.getIntVal())) {
      // Patch only our field: the MCO owns spec.configuration.
      client.resources(MachineConfigPool.class).withName(Names.POOL_KATA_OC)
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"maxUnavailable\":1}}");
    }
  }

  private void ensureLogLevel(KataConfig kc, LogLevel level) {
    var crcs = client.resources(ContainerRuntimeConfig.class);
    ContainerRuntimeConfig existing = crcs.withName(Names.CONTAINER_RUNTIME_CONFIG).get();
    if (level == LogLevel.INFO) {
      if (existing != null) {
        LOG.info("logLevel info: deleting ContainerRuntimeConfig {}",
            Names.CONTAINER_RUNTIME_CONFIG);
        crcs.withName(Names.CONTAINER_RUNTIME_CONFIG).delete();
      }
      return;
    }
    if (existing == null) {
      LOG.info("logLevel {}: creating ContainerRuntimeConfig {}", level.value(),
          Names.CONTAINER_RUNTIME_CONFIG);
      client.resource(Owned.label(MachineConfigModel.logLevel(level.value()), kc)).create();
    } else if (!level.value().equals(existing.logLevel())) {
      LOG.info("logLevel {}: updating ContainerRuntimeConfig {}", level.value(),
          Names.CONTAINER_RUNTIME_CONFIG);
      existing.getSpec().containerRuntimeConfig =
          new ContainerRuntimeConfig.Settings(level.value());
      client.resource(existing).update();
    }
  }

  private void deleteInstallConfig() {
    for (MachineConfig mc : MachineConfigModel.kataRemote()) {
      if (client.resources(MachineConfig.class).withName(mc.getMetadata().getName()).get()
          != null) {
        LOG.info("deleting MachineConfig {}", mc.getMetadata().getName());
        client.resources(MachineConfig.class).withName(mc.getMetadata().getName()).delete();
      }
    }
    if (client.resources(MachineConfig.class).withName(Names.MC_ENABLE_EXTENSION).get() != null) {
      LOG.info("deleting MachineConfig {}", Names.MC_ENABLE_EXTENSION);
      client.resources(MachineConfig.class).withName(Names.MC_ENABLE_EXTENSION).delete();
    }
    var crcs = client.resources(ContainerRuntimeConfig.class);
    if (crcs.withName(Names.CONTAINER_RUNTIME_CONFIG).get() != null) {
      LOG.info("deleting ContainerRuntimeConfig {}", Names.CONTAINER_RUNTIME_CONFIG);
      crcs.withName(Names.CONTAINER_RUNTIME_CONFIG).delete();
    }
  }

  private MachineConfigPool pool(String name) {
    return client.resources(MachineConfigPool.class).withName(name).get();
  }
}
