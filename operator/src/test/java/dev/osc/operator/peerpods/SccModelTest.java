package dev.osc.operator.peerpods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SCC osc-caa allows what the adaptor DaemonSet's pods use, and nothing they do not. */
class SccModelTest {
  private final PodSpec pod =
      CaaDaemonSetModel.desired("ns", "image", "hash").getSpec().getTemplate().getSpec();
  private final Container caa = pod.getContainers().get(0);
  private final Map<String, Object> scc = SccModel.fields();

  @Test
  void allowsExactlyTheHostAccessThePodsUse() {
    assertThat(scc.get("allowPrivilegedContainer"))
        .isEqualTo(caa.getSecurityContext().getPrivileged());
    assertThat(scc.get("allowHostNetwork")).isEqualTo(Boolean.TRUE.equals(pod.getHostNetwork()));
    assertThat(scc.get("allowHostPID")).isEqualTo(Boolean.TRUE.equals(pod.getHostPID()));
    assertThat(scc.get("allowHostIPC")).isEqualTo(Boolean.TRUE.equals(pod.getHostIPC()));
    assertThat(scc.get("allowHostPorts"))
        .isEqualTo(caa.getPorts().stream().anyMatch(p -> p.getHostPort() != null));
    // Root (runAsUser 0) needs RunAsAny.
    assertThat(caa.getSecurityContext().getRunAsUser()).isZero();
    assertThat(scc.get("runAsUser")).isEqualTo(Map.of("type", "RunAsAny"));
  }

  @Test
  void allowsExactlyTheVolumeTypesThePodsMount() {
    List<String> used = new ArrayList<>();
    for (Volume v : pod.getVolumes()) {
      used.add(v.getHostPath() != null ? "hostPath" : v.getSecret() != null ? "secret" : "other");
    }
    used.add("projected"); // the service account token the kubelet mounts
    assertThat(scc.get("allowHostDirVolumePlugin")).isEqualTo(used.contains("hostPath"));
    assertThat(scc.get("volumes"))
        .asList()
        .containsExactlyInAnyOrderElementsOf(used.stream().distinct().toList());
  }

  @Test
  void grantsNobodyByItself() {
    assertThat(scc.get("users")).isEqualTo(List.of());
    assertThat(scc.get("groups")).isEqualTo(List.of());
  }
}
