package dev.osc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.osc.operator.strategy.MachineConfigModel;
import dev.osc.webhook.PatchOp;
import dev.osc.webhook.PodMutator;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kata refuses a pod carrying a hypervisor annotation its configuration does not enable: every one
 * our webhook writes must be in the kata-remote configuration the operator installs. The pod asks
 * for every resource the webhook turns into an annotation (CPU, memory, GPUs).
 */
class WebhookAnnotationsEnabledTest {
  private static final String HYPERVISOR = "io.katacontainers.config.hypervisor.";

  @Test
  @SuppressWarnings("unchecked")
  void everyHypervisorAnnotationTheWebhookSetsIsEnabled() throws Exception {
    Pod pod =
        Serialization.unmarshal(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: gpu, namespace: default}
            spec:
              runtimeClassName: kata-remote
              containers:
              - name: app
                image: busybox
                resources:
                  requests: {cpu: 500m, memory: 1Gi}
                  limits: {cpu: "2", memory: 4Gi, nvidia.com/gpu: "1"}
            """,
            Pod.class);
    List<String> written = new ArrayList<>();
    for (PatchOp op : PodMutator.fromEnv(Map.of()).mutate("CREATE", pod)) {
      if (op.path().equals("/metadata/annotations")) {
        written.addAll(((Map<String, String>) op.value()).keySet());
      }
    }
    List<String> hypervisor =
        written.stream()
            .filter(a -> a.startsWith(HYPERVISOR))
            .map(a -> a.substring(HYPERVISOR.length()))
            .toList();
    assertThat(hypervisor)
        .containsExactlyInAnyOrder("default_vcpus", "default_memory", "default_gpus");

    Map<String, Object> config =
        new TomlMapper().readValue(MachineConfigModel.CONFIGURATION_REMOTE, Map.class);
    Map<String, Object> remote =
        (Map<String, Object>) ((Map<String, Object>) config.get("hypervisor")).get("remote");
    assertThat((List<String>) remote.get("enable_annotations")).containsAll(hypervisor);
  }
}
