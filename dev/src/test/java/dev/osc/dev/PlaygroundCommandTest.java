package dev.osc.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's first command: the documented install, then a peer pod's VM made and gone. */
class PlaygroundCommandTest {
  @Test
  void installsThenRunsAPeerPodWhoseVmGoesWithIt() {
    String out = playground("mock");
    assertThat(out)
        .contains(
            "message: Performing initial installation of kata-remote on" + " cluster",
            "status:   # table 8.1: Initial installation",
            "status:   # table 8.1: Installed",
            "kata-remote     kata-remote",
            "podvm-my-pod-manifest-5f3c0a9d     local     local-1    worker-0",
            "No resources found in default namespace.",
            "VMs left running: 0");
  }

  /** On a real API server, admission is real: the pod goes through our mutating webhook. */
  @Test
  void onARealApiServerThePeerPodIsMutatedByTheWebhook() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dev.osc.testkit.RealApi.Binaries.find().isPresent(),
        "no test-bed binaries: " + dev.osc.testkit.RealApi.HOW_TO_GET);
    String out = playground("real");
    assertThat(out)
        .contains(
            "Real Kubernetes API server",
            "{\"limits\":{\"kata.peerpods.io/vm\":\"1\"},\"requests\":{\"kata.peerpods.io/vm\":\"1\"}}",
            "podvm-my-pod-manifest-5f3c0a9d     local     local-1    worker-0",
            "VMs left running: 0");
  }

  private static String playground(String api) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit = OscDev.commandLine().execute("playground", "--api", api, "--delay", "PT0.1S");
    } finally {
      System.setOut(stdout);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(out).isZero();
    return out;
  }
}
