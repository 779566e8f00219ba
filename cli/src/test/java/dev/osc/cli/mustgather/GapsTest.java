package dev.osc.cli.mustgather;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.cli.mustgather.Gaps.Gap;
import dev.osc.cli.mustgather.Gaps.Why;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GapsTest {
  @Test
  void onlyErrorsGoToStderr() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Gaps gaps = new Gaps(new PrintStream(err, true, StandardCharsets.UTF_8));
    gaps.add(Why.FORBIDDEN, "nodes", "403: nodes is forbidden");
    gaps.add(Why.NOT_SERVED, "MachineConfigs", "machineconfiguration.openshift.io/v1");
    gaps.add(Why.ABSENT, "ConfigMap ns/aws-podvm-image-cm", "");
    gaps.add(Why.FAILED, "log of ns/p container c", "500: no preferred addresses found");
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "must-gather: could not read forbidden: nodes (403: nodes is forbidden)",
            "must-gather: could not read failed: log of ns/p container c (500: no preferred"
                + " addresses found)");
    assertThat(gaps.errors()).isEqualTo(2);
  }

  @Test
  void summaryCountsByReason() {
    assertThat(Gaps.summary(List.of())).isEmpty();
    assertThat(
            Gaps.summary(
                List.of(
                    new Gap(Why.NOT_SERVED, "a", ""),
                    new Gap(Why.FORBIDDEN, "b", ""),
                    new Gap(Why.NOT_SERVED, "c", ""))))
        .isEqualTo("; 1 forbidden, 2 not served by this cluster");
  }
}
