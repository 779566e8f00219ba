package dev.osc.operator.peerpods;

import dev.osc.api.Names;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.PodVmImageKeys;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.util.Map;

/**
 * The cloud-api-adaptor DaemonSet {@code osc-caa-ds}: {@code osc caa} on every kata node, with the
 * peer-pods ConfigMap and Secret as environment. The pod template carries the hash of their
 * content, so pods roll exactly when the configuration changes and never otherwise (upstream
 * rewrote the DaemonSet on every reconcile and restarted adaptors, orphaning VMs). Pure.
 */
public final class CaaDaemonSetModel {
  private CaaDaemonSetModel() {}

  public static final String NAME = "osc-caa-ds";

  /** Its RBAC is in deploy/02-rbac.yaml: PeerPods, and reading pods. */
  public static final String SERVICE_ACCOUNT = "osc-caa";

  public static final String CONFIG_HASH_ANNOTATION =
      "kataconfiguration.openshift.io/peer-pods-config-hash";

  public static DaemonSet desired(String namespace, String image, String configHash) {
    Map<String, String> labels = Map.of("name", NAME);
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(namespace)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(labels)
        .endSelector()
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withNewMaxUnavailable(1)
        .endRollingUpdate()
        .endUpdateStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(Map.of(CONFIG_HASH_ANNOTATION, configHash))
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(SERVICE_ACCOUNT)
        .withHostNetwork(true)
        .withNodeSelector(Map.of(Names.LABEL_ROLE_KATA_OC, ""))
        .addNewContainer()
        .withName("caa-pod")
        .withImage(image)
        .withArgs("caa")
        .addNewEnv()
        .withName(PeerPodsKeys.NODE_NAME.name())
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("spec.nodeName")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        .addNewEnvFrom()
        .withNewConfigMapRef()
        .withName(PeerPodsKeys.CONFIG_MAP)
        .endConfigMapRef()
        .endEnvFrom()
        .addNewEnvFrom()
        .withNewSecretRef()
        .withName(PeerPodsKeys.SECRET)
        .endSecretRef()
        .endEnvFrom()
        // Creates network namespaces and tunnels for the pods' VMs on the host.
        .withNewSecurityContext()
        .withPrivileged(true)
        .withRunAsUser(0L)
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("pods-dir")
        .withMountPath("/run/peerpod")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("netns")
        .withMountPath("/run/netns")
        .withMountPropagation("HostToContainer")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("auth-json")
        .withMountPath("/root/containers/")
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("ssh")
        .withMountPath("/root/.ssh/")
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("pods-dir")
        .withNewHostPath()
        .withPath("/run/peerpod")
        .endHostPath()
        .endVolume()
        .addNewVolume()
        .withName("netns")
        .withNewHostPath()
        .withPath("/run/netns")
        .endHostPath()
        .endVolume()
        .addNewVolume()
        .withName("auth-json")
        .withNewSecret()
        .withSecretName(PeerPodsKeys.AUTH_JSON_SECRET)
        .withOptional(true)
        .withDefaultMode(0600)
        .endSecret()
        .endVolume()
        .addNewVolume()
        .withName("ssh")
        .withNewSecret()
        .withSecretName(PodVmImageKeys.SSH_KEY_SECRET)
        .withOptional(true)
        .withDefaultMode(0600)
        .endSecret()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
