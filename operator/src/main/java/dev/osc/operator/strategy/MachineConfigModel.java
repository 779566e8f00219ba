package dev.osc.operator.strategy;

import dev.osc.api.Names;
import dev.osc.api.openshift.ContainerRuntimeConfig;
import dev.osc.api.openshift.MachineConfig;
import dev.osc.api.openshift.MachineConfigPool;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;

/** The desired MachineConfig-API objects for the kata-oc pool. Pure. */
public final class MachineConfigModel {
  private MachineConfigModel() {}

  /** Enables the RHCOS extension carrying kata, QEMU and their dependencies on kata-oc nodes. */
  public static MachineConfig extension(String extensionName) {
    MachineConfig mc = new MachineConfig();
    mc.setMetadata(new ObjectMetaBuilder()
        .withName(Names.MC_ENABLE_EXTENSION)
        .withLabels(Map.of(Names.LABEL_MC_ROLE, Names.POOL_KATA_OC))
        .build());
    MachineConfig.Spec spec = new MachineConfig.Spec();
    spec.extensions = List.of(extensionName);
    spec.config = Map.of("ignition", Map.of("version", "3.2.0"));
    mc.setSpec(spec);
    return mc;
  }

  /** Pool kata-oc: worker configs plus kata-oc's own, for nodes labelled kata-oc, one at a time. */
  public static MachineConfigPool kataPool() {
    MachineConfigPool pool = new MachineConfigPool();
    pool.setMetadata(new ObjectMetaBuilder()
        .withName(Names.POOL_KATA_OC)
        .withLabels(Map.of(Names.LABEL_POOL_PREFIX + Names.POOL_KATA_OC, ""))
        .build());
    MachineConfigPool.Spec spec = new MachineConfigPool.Spec();
    spec.machineConfigSelector = new LabelSelectorBuilder()
        .addNewMatchExpression()
        .withKey(Names.LABEL_MC_ROLE)
        .withOperator("In")
        .withValues(Names.POOL_KATA_OC, Names.POOL_WORKER)
        .endMatchExpression()
        .build();
    spec.nodeSelector = new LabelSelectorBuilder()
        .withMatchLabels(Map.of(Names.LABEL_ROLE_KATA_OC, ""))
        .build();
    spec.maxUnavailable = new IntOrString(1);
    pool.setSpec(spec);
    return pool;
  }

  /** CRI-O log level for the kata-oc pool (the MCO renders it into the pool's config). */
  public static ContainerRuntimeConfig logLevel(String level) {
    ContainerRuntimeConfig crc = new ContainerRuntimeConfig();
    crc.setMetadata(new ObjectMetaBuilder().withName(Names.CONTAINER_RUNTIME_CONFIG).build());
    ContainerRuntimeConfig.Spec spec = new ContainerRuntimeConfig.Spec();
    spec.machineConfigPoolSelector = new LabelSelectorBuilder()
        .withMatchLabels(Map.of(Names.LABEL_POOL_PREFIX + Names.POOL_KATA_OC, ""))
        .build();
    spec.containerRuntimeConfig = new ContainerRuntimeConfig.Settings(level);
    crc.setSpec(spec);
    return crc;
  }
}
