package dev.osc.operator.peerpods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.peerpods.Provider;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import org.junit.jupiter.api.Test;

class PodVmImageJobModelTest {
  @Test
  void creationRunsOurImageOnceUnderItsServiceAccount() {
    var job = PodVmImageJobModel.creation("ns", "quay.io/osc:1");
    assertThat(job.getMetadata().getName()).isEqualTo("osc-podvm-image-creation");
    assertThat(job.getSpec().getParallelism()).isEqualTo(1);
    assertThat(job.getSpec().getCompletions()).isEqualTo(1);
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(1);
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getServiceAccountName()).isEqualTo("osc-podvm-image");
    var c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("quay.io/osc:1");
    assertThat(c.getArgs()).containsExactly("podvm-image", "create");
    assertThat(c.getEnvFrom())
        .extracting(PodVmImageJobModelTest::source)
        .containsExactly(
            "secret peer-pods-secret required", "cm peer-pods-cm optional",
            "cm aws-podvm-image-cm optional", "cm libvirt-podvm-image-cm optional");
    assertThat(c.getEnv()).isEmpty();
    // Optional secrets: the ssh key for qemu+ssh:// and registry credentials for oci:: images.
    assertThat(c.getVolumeMounts())
        .extracting(m -> m.getName() + " " + m.getMountPath() + " " + m.getReadOnly())
        .containsExactly("ssh /etc/osc/ssh true", "auth-json /tmp/regauth true", "work /tmp null");
    assertThat(pod.getVolumes().subList(0, 2))
        .extracting(
            v ->
                v.getName()
                    + " "
                    + v.getSecret().getSecretName()
                    + " "
                    + v.getSecret().getOptional()
                    + " "
                    + Integer.toOctalString(v.getSecret().getDefaultMode()))
        .containsExactly("ssh ssh-key-secret true 440", "auth-json auth-json-secret true 440");
    assertThat(pod.getVolumes().get(2).getEmptyDir()).isNotNull();
  }

  @Test
  void runsAsTheImageUserWhoseGroupReadsTheSecrets() {
    var pod = PodVmImageJobModel.creation("ns", "i").getSpec().getTemplate().getSpec();
    var sc = pod.getSecurityContext();
    assertThat(sc.getRunAsUser()).isEqualTo(1001L);
    assertThat(sc.getRunAsGroup()).isEqualTo(1001L);
    assertThat(sc.getFsGroup()).isEqualTo(1001L);
    assertThat(sc.getRunAsNonRoot()).isTrue();
    assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var c = pod.getContainers().get(0).getSecurityContext();
    assertThat(c.getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getCapabilities().getDrop()).containsExactly("ALL");
    // Group read and nothing for others: readable through fsGroup, and never world-readable.
    assertThat(pod.getVolumes().get(0).getSecret().getDefaultMode() & 0007).isZero();
    assertThat(pod.getVolumes().get(0).getSecret().getDefaultMode() & 0040).isNotZero();
  }

  @Test
  void deletionNamesTheImageAsUpstreamPassesIt() {
    var aws = PodVmImageJobModel.deletion("ns", "i", Provider.AWS, "ami-0123456789abcdef0");
    assertThat(aws.getMetadata().getName()).isEqualTo("osc-podvm-image-deletion");
    var c = aws.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getArgs()).containsExactly("podvm-image", "delete");
    assertThat(c.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("AMI_ID", "ami-0123456789abcdef0"));
    var libvirt = PodVmImageJobModel.deletion("ns", "i", Provider.LIBVIRT, "podvm-base.qcow2");
    assertThat(
            libvirt
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv()
                .get(0)
                .getName())
        .isEqualTo("LIBVIRT_IMAGE_ID");
  }

  private static String source(EnvFromSource s) {
    return s.getSecretRef() != null
        ? "secret "
            + s.getSecretRef().getName()
            + " "
            + (Boolean.TRUE.equals(s.getSecretRef().getOptional()) ? "optional" : "required")
        : "cm "
            + s.getConfigMapRef().getName()
            + " "
            + (Boolean.TRUE.equals(s.getConfigMapRef().getOptional()) ? "optional" : "required");
  }
}
