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

  /** Where the kata-remote handler's configuration is written on a node. */
  public static final String CONFIGURATION_REMOTE_PATH = "/opt/kata/configuration-remote.toml";

  /** That file's content (a resource next to this class, in upstream's template's keys). */
  public static final String CONFIGURATION_REMOTE = resource("configuration-remote.toml");

  /** Enables the RHCOS extension carrying kata, QEMU and their dependencies on kata-oc nodes. */
  public static MachineConfig extension(String extensionName) {
    MachineConfig mc = new MachineConfig();
    mc.setMetadata(
        new ObjectMetaBuilder()
            .withName(Names.MC_ENABLE_EXTENSION)
            .withLabels(Map.of(Names.LABEL_MC_ROLE, Names.POOL_KATA_OC))
            .build());
    MachineConfig.Spec spec = new MachineConfig.Spec();
    spec.extensions = List.of(extensionName);
    spec.config = Map.of("ignition", Map.of("version", "3.2.0"));
    mc.setSpec(spec);
    return mc;
  }

  /**
   * Peer pods on OpenShift: the CRI-O runtime handler kata-remote, and the kata configuration that
   * sends VM requests to the cloud-api-adaptor's socket. Rendered together with the extension, so
   * enabling peer pods costs no extra reboot.
   */
  public static List<MachineConfig> kataRemote() {
    return List.of(
        file(
            Names.MC_KATA_REMOTE_CRIO,
            "/etc/crio/crio.conf.d/50-kata-remote",
            """
            [crio.runtime.runtimes.kata-remote]
              runtime_path = "/usr/bin/containerd-shim-kata-v2"
              runtime_type = "vm"
              runtime_root = "/run/vc"
              runtime_config_path = "%s"
              privileged_without_host_devices = true
              runtime_pull_image = true
              allowed_annotations = ["io.kubernetes.cri-o.Devices"]
            """
                .formatted(CONFIGURATION_REMOTE_PATH)),
        file(Names.MC_KATA_REMOTE_CONFIG, CONFIGURATION_REMOTE_PATH, CONFIGURATION_REMOTE));
  }

  private static String resource(String name) {
    try (var in = MachineConfigModel.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the operator's jar");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static MachineConfig file(String name, String path, String content) {
    MachineConfig mc = new MachineConfig();
    mc.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withLabels(Map.of(Names.LABEL_MC_ROLE, Names.POOL_KATA_OC))
            .build());
    MachineConfig.Spec spec = new MachineConfig.Spec();
    String data =
        "data:text/plain;charset=utf-8;base64,"
            + java.util.Base64.getEncoder()
                .encodeToString(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    spec.config =
        Map.of(
            "ignition", Map.of("version", "3.2.0"),
            "storage",
                Map.of(
                    "files",
                    List.of(
                        Map.of(
                            "path",
                            path,
                            "mode",
                            420,
                            "overwrite",
                            true,
                            "contents",
                            Map.of("source", data)))));
    mc.setSpec(spec);
    return mc;
  }

  /** Pool kata-oc: worker configs plus kata-oc's own, for nodes labelled kata-oc, one at a time. */
  public static MachineConfigPool kataPool() {
    MachineConfigPool pool = new MachineConfigPool();
    pool.setMetadata(
        new ObjectMetaBuilder()
            .withName(Names.POOL_KATA_OC)
            .withLabels(Map.of(Names.LABEL_POOL_PREFIX + Names.POOL_KATA_OC, ""))
            .build());
    MachineConfigPool.Spec spec = new MachineConfigPool.Spec();
    spec.machineConfigSelector =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey(Names.LABEL_MC_ROLE)
            .withOperator("In")
            .withValues(Names.POOL_KATA_OC, Names.POOL_WORKER)
            .endMatchExpression()
            .build();
    spec.nodeSelector =
        new LabelSelectorBuilder().withMatchLabels(Map.of(Names.LABEL_ROLE_KATA_OC, "")).build();
    spec.maxUnavailable = new IntOrString(1);
    pool.setSpec(spec);
    return pool;
  }

  /** CRI-O log level for the kata-oc pool (the MCO renders it into the pool's config). */
  public static ContainerRuntimeConfig logLevel(String level) {
    ContainerRuntimeConfig crc = new ContainerRuntimeConfig();
    crc.setMetadata(new ObjectMetaBuilder().withName(Names.CONTAINER_RUNTIME_CONFIG).build());
    ContainerRuntimeConfig.Spec spec = new ContainerRuntimeConfig.Spec();
    spec.machineConfigPoolSelector =
        new LabelSelectorBuilder()
            .withMatchLabels(Map.of(Names.LABEL_POOL_PREFIX + Names.POOL_KATA_OC, ""))
            .build();
    spec.containerRuntimeConfig = new ContainerRuntimeConfig.Settings(level);
    crc.setSpec(spec);
    return crc;
  }
}
