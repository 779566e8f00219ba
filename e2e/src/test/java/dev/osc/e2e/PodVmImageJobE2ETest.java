package dev.osc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.api.Names;
import dev.osc.api.peerpods.Provider;
import dev.osc.operator.peerpods.PodVmImageJobModel;
import dev.osc.testkit.RealApi;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pod VM image Jobs on a real API server: the Job objects are valid, and their pods are
 * admitted by Pod Security admission at the {@code restricted} level (what OpenShift's
 * restricted-v2 SCC asks of a pod too: non-root, no privilege escalation, no capabilities,
 * RuntimeDefault seccomp).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodVmImageJobE2ETest {
  static final String NS = "oscp-podvm-image-jobs";

  private RealApi api;
  private KubernetesClient client;

  @BeforeAll
  void start() throws Exception {
    api = RealApiExtension.startOrSkip();
    client = api.client();
    client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(NS)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .endMetadata()
                .build())
        .create();
    client
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(Names.PODVM_IMAGE_SERVICE_ACCOUNT)
                .withNamespace(NS)
                .endMetadata()
                .build())
        .create();
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void theJobsAreValidAndTheirPodsMeetTheRestrictedPodSecurityLevel() {
    for (Job job :
        new Job[] {
          PodVmImageJobModel.creation(NS, "quay.io/osc/osc:test"),
          PodVmImageJobModel.deletion(NS, "quay.io/osc/osc:test", Provider.LIBVIRT, "podvm.qcow2")
        }) {
      Job created = client.resource(job).dryRun().create();
      assertThat(created.getSpec().getTemplate().getSpec().getSecurityContext().getFsGroup())
          .isEqualTo(1001L);

      Pod pod = podOf(job);
      assertThat(client.resource(pod).dryRun().create().getSpec().getVolumes()).hasSize(3);
    }
  }

  /** The check can fail: the same pod without the Job's security settings is refused. */
  @Test
  void withoutItsSecuritySettingsThePodIsRefused() {
    Pod pod = podOf(PodVmImageJobModel.creation(NS, "quay.io/osc/osc:test"));
    pod.getSpec().setSecurityContext(null);
    pod.getSpec().getContainers().get(0).setSecurityContext(null);

    assertThatThrownBy(() -> client.resource(pod).dryRun().create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("violates PodSecurity \"restricted:latest\"");
  }

  private static Pod podOf(Job job) {
    var template = job.getSpec().getTemplate();
    return new PodBuilder()
        .withNewMetadata()
        .withName(job.getMetadata().getName() + "-pod")
        .withNamespace(NS)
        .withLabels(template.getMetadata().getLabels())
        .endMetadata()
        .withSpec(template.getSpec())
        .build();
  }
}
