package dev.osc.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void blankValuesAreUnsetAndGetTheDefaults() {
    OperatorSettings s =
        OperatorSettings.fromEnv(
            Map.of(
                "OPERATOR_NAMESPACE",
                " ",
                "OSC_IMAGE",
                "",
                "OSC_INSTALL_STRATEGY",
                "",
                "KATA_DEPLOY_IMAGE",
                "  ",
                "KATA_MONITOR_IMAGE",
                ""));
    assertThat(s).isEqualTo(OperatorSettings.defaults());
    assertThat(s.namespace()).isEqualTo("openshift-sandboxed-containers-operator");
    assertThat(s.strategy()).isNull();
  }

  @Test
  void givenValuesAreTrimmed() {
    OperatorSettings s =
        OperatorSettings.fromEnv(
            Map.of(
                "OSC_INSTALL_STRATEGY",
                " DaemonSet ",
                "OSC_IMAGE",
                "registry.example/osc:1 ",
                "KATA_MONITOR_IMAGE",
                " registry.example/kata-monitor:2"));
    assertThat(s.strategy()).isEqualTo("DaemonSet");
    assertThat(s.kataMonitorImage()).isEqualTo("registry.example/kata-monitor:2");
    assertThat(s.oscImage()).isEqualTo("registry.example/osc:1");
  }

  @Test
  void anUnknownStrategyNamesTheVariable() {
    assertThatThrownBy(() -> OperatorSettings.fromEnv(Map.of("OSC_INSTALL_STRATEGY", "Helm")))
        .hasMessage(
            "OSC_INSTALL_STRATEGY=Helm: must be MachineConfig or DaemonSet (or unset to"
                + " detect)");
  }

  /**
   * What the operator deploys runs its own image: deploy/ sets OSC_IMAGE to the operator
   * container's image, and the default (OSC_IMAGE unset, e.g. `osc operator` from a shell) is that
   * same reference.
   */
  @Test
  void theDeployedOperatorSetsOscImageToItsOwnImage() throws IOException {
    Deployment d =
        new KubernetesSerialization()
            .unmarshal(Files.readString(Path.of("../deploy/03-operator.yaml")), Deployment.class);
    Container operator = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    String oscImage =
        operator.getEnv().stream()
            .filter(e -> e.getName().equals(OperatorSettings.ENV_OSC_IMAGE))
            .map(EnvVar::getValue)
            .findFirst()
            .orElse(null);
    assertThat(oscImage).as("OSC_IMAGE in deploy/03-operator.yaml").isEqualTo(operator.getImage());
    assertThat(OperatorSettings.DEFAULT_OSC_IMAGE).isEqualTo(operator.getImage());
  }
}
