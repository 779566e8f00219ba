package dev.osc.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KataMonitorModelTest {
  @ParameterizedTest
  @CsvSource({"MachineConfig, /run/crio/crio.sock", "DaemonSet, /run/containerd/containerd.sock"})
  void runsTheConfiguredImageOnPort8090AgainstTheStrategysRuntime(String strategy, String socket) {
    DaemonSet ds =
        KataMonitorModel.daemonSet(
            "osc-ns",
            "registry.example/kata-monitor:1",
            KataMonitorModel.ContainerRuntime.of(strategy));
    assertThat(ds.getMetadata().getName()).isEqualTo("openshift-sandboxed-containers-monitor");
    var container = ds.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("registry.example/kata-monitor:1");
    assertThat(container.getArgs())
        .containsExactly("--listen-address=:8090", "--runtime-endpoint=" + socket);
    assertThat(ds.getSpec().getTemplate().getSpec().getVolumes())
        .anyMatch(v -> socket.equals(v.getHostPath().getPath()));
  }

  @Test
  void runsOnTheKataNodesOfEitherStrategy() {
    List<NodeSelectorTerm> terms =
        KataMonitorModel.daemonSet("ns", "img", KataMonitorModel.ContainerRuntime.CRIO)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    // Terms are ORed by the scheduler: a node of the kata-oc pool, or one kata-deploy installed.
    assertThat(terms).hasSize(2);
    assertThat(terms.get(0).getMatchExpressions().get(0).getKey())
        .isEqualTo(Names.LABEL_ROLE_KATA_OC);
    assertThat(terms.get(1).getMatchExpressions().get(0).getKey())
        .isEqualTo(Names.LABEL_KATA_RUNTIME);
    assertThat(terms.get(1).getMatchExpressions().get(0).getValues()).containsExactly("true");
  }

  @Test
  void theServiceAndServiceMonitorSelectTheMonitorPods() {
    var service = KataMonitorModel.service("ns");
    assertThat(service.getSpec().getSelector())
        .isEqualTo(
            KataMonitorModel.daemonSet("ns", "img", KataMonitorModel.ContainerRuntime.CRIO)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels());
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(8090);
    var monitor = KataMonitorModel.serviceMonitor("ns");
    assertThat(monitor.getAdditionalProperties().get("spec").toString())
        .contains("matchLabels={name=openshift-sandboxed-containers-monitor}", "port=metrics");
  }
}
