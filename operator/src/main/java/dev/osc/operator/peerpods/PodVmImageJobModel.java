package dev.osc.operator.peerpods;

import dev.osc.api.Names;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.PodVmImageKeys;
import dev.osc.api.peerpods.Provider;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;

/**
 * The pod VM image Jobs: one pod, at most one retry, never restarted in place, running the
 * operator's own image as {@code osc podvm-image create|delete} under the service account that may
 * only get and patch peer-pods-cm. The environment is what upstream's Jobs get: the peer-pods
 * Secret and the optional peer-pods and per-provider image ConfigMaps.
 *
 * <p>The pod runs as the image's user {@link PodVmImageKeys#IMAGE_JOB_UID} (not root, as upstream's
 * does), with no privileges. Secret volumes are root's files; with {@code fsGroup} the kubelet
 * gives them that group and group read ({@code 0440}), so that user reads the ssh key and the
 * registry credentials, and ssh accepts the key: it refuses only keys of the user's own that others
 * may read. The key is mounted at {@link PodVmImageKeys#IMAGE_JOB_SSH_DIR} and named in LIBVIRT_URI
 * by the Job ({@code keyfile=}). Pulled and converted disks go to an emptyDir at /tmp.
 */
public final class PodVmImageJobModel {
  /** Selects the image Jobs (and their pods) for the operator's watch. */
  public static final String LABEL_JOB = "kataconfiguration.openshift.io/podvm-image-job";

  /** Owner and fsGroup read: what the kubelet makes of any mode with fsGroup, said as it is. */
  static final int SECRET_MODE = 0440;

  private PodVmImageJobModel() {}

  public static Job creation(String namespace, String image) {
    return job(Names.JOB_PODVM_IMAGE_CREATION, namespace, image, "create", Map.of());
  }

  /**
   * Deletes {@code imageId}, passed as upstream passes it ({@code AMI_ID} for aws, the id key for
   * libvirt); an explicit env entry wins over the envFrom copy of peer-pods-cm.
   */
  public static Job deletion(String namespace, String image, Provider provider, String imageId) {
    String key =
        provider == Provider.AWS
            ? PodVmImageKeys.AMI_ID
            : provider.imageIdKey().orElseThrow().name();
    return job(Names.JOB_PODVM_IMAGE_DELETION, namespace, image, "delete", Map.of(key, imageId));
  }

  private static Job job(
      String name, String namespace, String image, String verb, Map<String, String> env) {
    Map<String, String> labels = Map.of(LABEL_JOB, name);
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withParallelism(1)
        .withCompletions(1)
        .withBackoffLimit(1)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(Names.PODVM_IMAGE_SERVICE_ACCOUNT)
        .withRestartPolicy("Never")
        .withNewSecurityContext()
        .withRunAsUser(PodVmImageKeys.IMAGE_JOB_UID)
        .withRunAsGroup(PodVmImageKeys.IMAGE_JOB_UID)
        .withFsGroup(PodVmImageKeys.IMAGE_JOB_UID)
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName(verb)
        .withImage(image)
        .withArgs("podvm-image", verb)
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .withEnvFrom(envFrom())
        .addAllToEnv(
            env.entrySet().stream()
                .map(
                    e ->
                        new io.fabric8.kubernetes.api.model.EnvVarBuilder()
                            .withName(e.getKey())
                            .withValue(e.getValue())
                            .build())
                .toList())
        // qemu+ssh:// libvirt URIs use the same key as the cloud-api-adaptor.
        .addNewVolumeMount()
        .withName("ssh")
        .withMountPath(PodVmImageKeys.IMAGE_JOB_SSH_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        // Credentials for pulling an oci:: pod VM image from a private registry.
        .addNewVolumeMount()
        .withName("auth-json")
        .withMountPath(PeerPodsKeys.IMAGE_JOB_AUTH_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("work")
        .withMountPath("/tmp")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("ssh")
        .withNewSecret()
        .withSecretName(PodVmImageKeys.SSH_KEY_SECRET)
        .withOptional(true)
        .withDefaultMode(SECRET_MODE)
        .endSecret()
        .endVolume()
        .addNewVolume()
        .withName("auth-json")
        .withNewSecret()
        .withSecretName(PeerPodsKeys.AUTH_JSON_SECRET)
        .withOptional(true)
        .withDefaultMode(SECRET_MODE)
        .endSecret()
        .endVolume()
        .addNewVolume()
        .withName("work")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static List<EnvFromSource> envFrom() {
    return List.of(
        new EnvFromSourceBuilder()
            .withNewSecretRef()
            .withName(PeerPodsKeys.SECRET)
            .endSecretRef()
            .build(),
        configMap(PeerPodsKeys.CONFIG_MAP),
        configMap(PodVmImageKeys.AWS_PODVM_IMAGE_CM),
        configMap(PodVmImageKeys.LIBVIRT_PODVM_IMAGE_CM));
  }

  private static EnvFromSource configMap(String name) {
    return new EnvFromSourceBuilder()
        .withNewConfigMapRef()
        .withName(name)
        .withOptional(true)
        .endConfigMapRef()
        .build();
  }
}
