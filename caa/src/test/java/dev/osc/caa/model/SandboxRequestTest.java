package dev.osc.caa.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

class SandboxRequestTest {
  @org.junit.jupiter.api.Test
  void readsTheShimsAnnotations() {
    var r =
        SandboxRequest.parse(
            "0123456789abcdef",
            Map.of(
                SandboxRequest.SANDBOX_NAME,
                "k8s_web-1_shop_6f1c_0",
                SandboxRequest.SANDBOX_NAMESPACE,
                "",
                SandboxRequest.DEFAULT_VCPUS,
                "2",
                SandboxRequest.DEFAULT_MEMORY,
                "0",
                SandboxRequest.MACHINE_TYPE,
                "",
                SandboxRequest.IMAGE,
                "ami-1"));
    assertThat(r)
        .isEqualTo(
            new SandboxRequest("0123456789abcdef", "web-1", "shop", null, 2, 0, 0, "ami-1", null));
    assertThatThrownBy(
            () ->
                SandboxRequest.parse(
                    "s",
                    Map.of(
                        SandboxRequest.SANDBOX_NAME,
                        "p",
                        SandboxRequest.SANDBOX_NAMESPACE,
                        "n",
                        SandboxRequest.DEFAULT_MEMORY,
                        "4Gi")))
        .hasMessage(
            "annotation io.katacontainers.config.hypervisor.default_memory: \"4Gi\" is"
                + " not a non-negative whole number");
    assertThatThrownBy(() -> SandboxRequest.parse("s", Map.of()))
        .hasMessage("CreateVM: annotation io.kubernetes.cri.sandbox-name is empty");
    assertThatThrownBy(() -> SandboxRequest.parse(" ", Map.of()))
        .hasMessage("CreateVM: the sandbox id is empty");
  }
}
