package dev.osc.operator.monitoring;

import dev.osc.api.Names;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.util.List;
import java.util.Map;

/**
 * kata-monitor on every node that has kata, its Service and ServiceMonitor: the desired objects.
 * kata-monitor serves the shim, hypervisor, agent and guest OS metrics of the node's kata sandboxes
 * (docs 6.1) on :8090, over plain HTTP as upstream's kata-monitor only can; it finds the sandboxes
 * through the container runtime's socket and the shims' directory.
 */
public final class KataMonitorModel {
  public static final String NAME = "openshift-sandboxed-containers-monitor";
  public static final int PORT = 8090;

  /** Where the two install strategies' nodes get kata: CRI-O (RHCOS) or containerd. */
  public enum ContainerRuntime {
    CRIO("/run/crio/crio.sock"),
    CONTAINERD("/run/containerd/containerd.sock");

    final String socket;

    ContainerRuntime(String socket) {
      this.socket = socket;
    }

    /** RHCOS nodes (MachineConfig strategy) run CRI-O; kata-deploy's are taken as containerd. */
    public static ContainerRuntime of(String strategyName) {
      return strategyName.equals("MachineConfig") ? CRIO : CONTAINERD;
    }
  }

  private static final Map<String, String> LABELS = Map.of("name", NAME);

  /** The kata shims keep a directory per sandbox here; kata-monitor reads their sockets in it. */
  private static final String SANDBOXES = "/run/vc";

  private KataMonitorModel() {}

  public static DaemonSet daemonSet(String namespace, String image, ContainerRuntime runtime) {
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(namespace)
        .withLabels(LABELS)
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(LABELS)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(LABELS)
        .endMetadata()
        .withNewSpec()
        // The nodes of either strategy: the kata-oc pool's (MachineConfig), or those kata-deploy
        // labelled as installed (plain Kubernetes). Terms are ORed.
        .withNewAffinity()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .withNodeSelectorTerms(
            new NodeSelectorTermBuilder()
                .addNewMatchExpression()
                .withKey(Names.LABEL_ROLE_KATA_OC)
                .withOperator("Exists")
                .endMatchExpression()
                .build(),
            new NodeSelectorTermBuilder()
                .addNewMatchExpression()
                .withKey(Names.LABEL_KATA_RUNTIME)
                .withOperator("In")
                .withValues(Names.KATA_RUNTIME_INSTALLED)
                .endMatchExpression()
                .build())
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .withAutomountServiceAccountToken(false)
        .addNewContainer()
        .withName("kata-monitor")
        .withImage(image)
        .withCommand("/usr/bin/kata-monitor")
        .withArgs("--listen-address=:" + PORT, "--runtime-endpoint=" + runtime.socket)
        .addNewPort()
        .withName("metrics")
        .withContainerPort(PORT)
        .endPort()
        .withNewResources()
        .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("10m"))
        .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("32Mi"))
        .endResources()
        // Root to open the runtime's socket and the shims' sockets; nothing else.
        .withNewSecurityContext()
        .withRunAsUser(0L)
        .withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("runtime-socket")
        .withMountPath(runtime.socket)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("sandboxes")
        .withMountPath(SANDBOXES)
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("runtime-socket")
        .withNewHostPath()
        .withPath(runtime.socket)
        .withType("Socket")
        .endHostPath()
        .endVolume()
        .addNewVolume()
        .withName("sandboxes")
        .withNewHostPath()
        .withPath(SANDBOXES)
        .withType("DirectoryOrCreate")
        .endHostPath()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  public static Service service(String namespace) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(namespace)
        .withLabels(LABELS)
        .endMetadata()
        .withNewSpec()
        .withSelector(LABELS)
        .addNewPort()
        .withName("metrics")
        .withPort(PORT)
        .withNewTargetPort("metrics")
        .endPort()
        .endSpec()
        .build();
  }

  /** kata-monitor's metrics, every 30 s, labelled by node. */
  public static GenericKubernetesResource serviceMonitor(String namespace) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("monitoring.coreos.com/v1")
        .withKind("ServiceMonitor")
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(namespace)
        .withLabels(LABELS)
        .endMetadata()
        .addToAdditionalProperties(
            "spec",
            Map.of(
                "selector",
                Map.of("matchLabels", LABELS),
                "endpoints",
                List.of(
                    Map.of(
                        "port",
                        "metrics",
                        "interval",
                        "30s",
                        "relabelings",
                        List.of(
                            Map.of(
                                "sourceLabels",
                                List.of("__meta_kubernetes_pod_node_name"),
                                "targetLabel",
                                "node"))))))
        .build();
  }
}
