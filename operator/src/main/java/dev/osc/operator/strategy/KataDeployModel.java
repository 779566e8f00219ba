package dev.osc.operator.strategy;

import dev.osc.api.Names;
import dev.osc.api.v1.LogLevel;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.util.Map;

/**
 * The Kata project's installer DaemonSets (kata-deploy and kata-cleanup), as the plain-Kubernetes
 * strategy runs them. kata-deploy runs only on nodes carrying our install gate, which is how one
 * node at a time gets the runtime; it labels its node katacontainers.io/kata-runtime=true when
 * done. kata-cleanup runs on nodes labelled katacontainers.io/kata-runtime=cleanup, restores the
 * container runtime's configuration and removes the label. Pure.
 */
public final class KataDeployModel {
  private KataDeployModel() {}

  public static final String SERVICE_ACCOUNT = "kata-deploy";
  private static final String SCRIPT = "/opt/kata-artifacts/scripts/kata-deploy.sh";

  public static DaemonSet installer(
      String namespace, String image, LogLevel level, boolean peerPods) {
    Container c = container(image, "install", level);
    // kata-deploy registers a kata-<shim> handler per shim, and "kata" for the default one;
    // the remote shim is peer pods' kata-remote.
    c.getEnv()
        .add(
            new io.fabric8.kubernetes.api.model.EnvVar(
                "SHIMS", peerPods ? "qemu remote" : "qemu", null));
    c.getEnv().add(new io.fabric8.kubernetes.api.model.EnvVar("DEFAULT_SHIM", "qemu", null));
    c.setLifecycle(
        new io.fabric8.kubernetes.api.model.LifecycleBuilder()
            .withNewPreStop()
            .withNewExec()
            .withCommand("bash", "-c", SCRIPT + " cleanup")
            .endExec()
            .endPreStop()
            .build());
    return daemonSet(
        namespace,
        Names.KATA_DEPLOY_DAEMONSET,
        c,
        Map.of(Names.LABEL_INSTALL_GATE, Names.INSTALL_GATE_OPEN));
  }

  public static DaemonSet cleaner(String namespace, String image, LogLevel level) {
    return daemonSet(
        namespace,
        Names.KATA_CLEANUP_DAEMONSET,
        container(image, "reset", level),
        Map.of(Names.LABEL_KATA_RUNTIME, Names.KATA_RUNTIME_CLEANUP));
  }

  private static Container container(String image, String action, LogLevel level) {
    boolean debug = level == LogLevel.DEBUG || level == LogLevel.TRACE;
    return new ContainerBuilder()
        .withName("kube-kata")
        .withImage(image)
        .withCommand("bash", "-c", SCRIPT + " " + action)
        .addNewEnv()
        .withName("NODE_NAME")
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("spec.nodeName")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("DEBUG")
        .withValue(Boolean.toString(debug))
        .endEnv()
        .addNewEnv()
        .withName("LOG_LEVEL")
        .withValue(level.value())
        .endEnv()
        .withNewSecurityContext()
        .withPrivileged(true)
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("crio-conf")
        .withMountPath("/etc/crio/")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("containerd-conf")
        .withMountPath("/etc/containerd/")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("host")
        .withMountPath("/host/")
        .endVolumeMount()
        .build();
  }

  private static DaemonSet daemonSet(
      String namespace, String name, Container container, Map<String, String> nodeSelector) {
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(Map.of("name", name))
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(Map.of("name", name))
        .endSelector()
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withNewMaxUnavailable(1)
        .endRollingUpdate()
        .endUpdateStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("name", name))
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(SERVICE_ACCOUNT)
        .withHostPID(true)
        .withNodeSelector(nodeSelector)
        .withContainers(container)
        .addNewVolume()
        .withName("crio-conf")
        .withNewHostPath()
        .withPath("/etc/crio/")
        .endHostPath()
        .endVolume()
        .addNewVolume()
        .withName("containerd-conf")
        .withNewHostPath()
        .withPath("/etc/containerd/")
        .endHostPath()
        .endVolume()
        .addNewVolume()
        .withName("host")
        .withNewHostPath()
        .withPath("/")
        .endHostPath()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
