package dev.osc.caa.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.caa.cloud.InstanceType;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstanceTypeChoiceTest {
  private static final List<InstanceType> UPSTREAM_MISS =
      List.of(
          new InstanceType("a", 8, 4096, 0),
          new InstanceType("b", 2, 8192, 0),
          new InstanceType("c", 2, 16384, 0));
  private static final List<InstanceType> AWS =
      List.of(
          new InstanceType("t3.medium", 2, 4096, 0),
          new InstanceType("t3.large", 2, 8192, 0),
          new InstanceType("c5.xlarge", 4, 8192, 0),
          new InstanceType("m6a.2xlarge", 8, 32768, 0),
          new InstanceType("g4dn.xlarge", 4, 16384, 1));

  private static SandboxRequest request(String machineType, long vcpus, long memory, long gpus) {
    return new SandboxRequest("sid", "pod", "ns", machineType, vcpus, memory, gpus, null, null);
  }

  @ParameterizedTest(name = "{0}: type={1} vcpus={2} mem={3} gpus={4} -> {5}")
  @CsvSource(
      nullValues = "-",
      value = {
        // case,                         type,        vcpus, mem,   gpus, chosen
        "nothing asked: default,         -,           0,     0,     0,    t3.medium",
        "named and allowed,              c5.xlarge,   0,     0,     0,    c5.xlarge",
        "named wins over size,           t3.large,    8,     32768, 0,    t3.large",
        "vCPUs only (upstream: default), -,           4,     0,     0,    c5.xlarge",
        "memory only (upstream: default),-,           0,     8000,  0,    t3.large",
        "both: smallest memory first,    -,           2,     5000,  0,    t3.large",
        "exact fit,                      -,           2,     4096,  0,    t3.medium",
        "big,                            -,           8,     20000, 0,    m6a.2xlarge",
        "GPU asked,                      -,           0,     0,     1,    g4dn.xlarge",
        "no GPU type for a CPU request,  -,           4,     16000, 0,    m6a.2xlarge",
      })
  void chooses(String what, String type, long vcpus, long memory, long gpus, String chosen) {
    assertThat(InstanceTypeChoice.choose(request(type, vcpus, memory, gpus), AWS, "t3.medium"))
        .isEqualTo(chosen);
  }

  @org.junit.jupiter.api.Test
  void findsTheFittingTypeUpstreamsBinarySearchMisses() {
    assertThat(InstanceTypeChoice.choose(request(null, 4, 4096, 0), UPSTREAM_MISS, "b"))
        .isEqualTo("a");
  }

  @org.junit.jupiter.api.Test
  void anImpossibleRequestNamesTheRequestAndTheAllowedTypes() {
    assertThatThrownBy(() -> InstanceTypeChoice.choose(request(null, 64, 0, 0), AWS, "t3.medium"))
        .hasMessage(
            "no allowed instance type has 64 vCPUs, 0 MiB memory and 0 GPUs; allowed:"
                + " t3.medium (2 vCPUs, 4096 MiB), t3.large (2 vCPUs, 8192 MiB), c5.xlarge"
                + " (4 vCPUs, 8192 MiB), m6a.2xlarge (8 vCPUs, 32768 MiB), g4dn.xlarge (4 vCPUs,"
                + " 16384 MiB, 1 GPUs)");
    assertThatThrownBy(
            () -> InstanceTypeChoice.choose(request("p4d.24xlarge", 0, 0, 0), AWS, "t3.medium"))
        .hasMessageStartingWith(
            "instance type \"p4d.24xlarge\" (annotation"
                + " io.katacontainers.config.hypervisor.machine_type) is not allowed; allowed:");
  }
}
