package dev.osc.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
