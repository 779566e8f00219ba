package dev.osc.caa.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstanceNameTest {
  @ParameterizedTest
  @CsvSource({
    "web, 0123456789abcdef, podvm-web-01234567",
    "My_Pod.v2, ABCDEF0123, podvm-my-pod-v2-abcdef01",
    "a-very-long-pod-name-that-goes-on-and-on-and-on-beyond-any-limit, 0123456789,"
        + " podvm-a-very-long-pod-name-that-goes-on-and-on-and-on-01234567",
  })
  void namesInstances(String pod, String sandbox, String name) {
    assertThat(InstanceName.of(pod, sandbox)).isEqualTo(name).hasSizeLessThanOrEqualTo(63);
  }
}
