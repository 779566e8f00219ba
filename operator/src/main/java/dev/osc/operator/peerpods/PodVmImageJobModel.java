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
 */
public final class PodVmImageJobModel {
  /** Selects the image Jobs (and their pods) for the operator's watch. */
  public static final String LABEL_JOB = "kataconfiguration.openshift.io/podvm-image-job";

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
        .addNewContainer()
        .withName(verb)
        .withImage(image)
        .withArgs("podvm-image", verb)
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
        .withMountPath("/root/.ssh/")
        .withReadOnly(true)
        .endVolumeMount()
        // Credentials for pulling an oci:: pod VM image from a private registry.
        .addNewVolumeMount()
        .withName("auth-json")
        .withMountPath(PeerPodsKeys.IMAGE_JOB_AUTH_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("ssh")
        .withNewSecret()
        .withSecretName("ssh-key-secret")
        .withOptional(true)
        .withDefaultMode(0400)
        .endSecret()
        .endVolume()
        .addNewVolume()
        .withName("auth-json")
        .withNewSecret()
        .withSecretName(PeerPodsKeys.AUTH_JSON_SECRET)
        .withOptional(true)
        .withDefaultMode(0400)
        .endSecret()
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
