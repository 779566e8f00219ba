package dev.osc.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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

  /**
   * {@code --keep} keeps the API and the webhook it registered: {@code kubectl run} of a
   * kata-remote pod afterwards is admitted and mutated (the API server calls the webhook,
   * failurePolicy Fail).
   */
  @Test
  void keepKeepsServingTheWebhook() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dev.osc.testkit.RealApi.Binaries.find().isPresent(),
        "no test-bed binaries: " + dev.osc.testkit.RealApi.HOW_TO_GET);
    Path kubeconfig = Files.createTempFile("playground-keep-", ".kubeconfig");
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    AtomicInteger exit = new AtomicInteger(-1);
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    Thread playground =
        new Thread(
            () ->
                exit.set(
                    OscDev.commandLine()
                        .execute(
                            "playground",
                            "--api",
                            "real",
                            "--delay",
                            "PT0.1S",
                            "--keep",
                            "--kubeconfig",
                            kubeconfig.toString())));
    try {
      playground.start();
      Await.until(
          Duration.ofMinutes(2),
          "the playground keeping the API up",
          () -> captured.toString(StandardCharsets.UTF_8).contains("The API stays up"),
          () -> captured.toString(StandardCharsets.UTF_8));
      String run =
          kubectl(
              kubeconfig,
              "run",
              "after-keep",
              "--image=busybox",
              "--restart=Never",
              "--overrides={\"spec\":{\"runtimeClassName\":\"kata-remote\"}}");
      assertThat(run).contains("pod/after-keep created");
      assertThat(
              kubectl(
                  kubeconfig,
                  "get",
                  "pod",
                  "after-keep",
                  "-o",
                  "jsonpath={.spec.containers[0].resources.limits}"))
          .isEqualTo("{\"kata.peerpods.io/vm\":\"1\"}");
    } finally {
      playground.interrupt();
      playground.join(60_000);
      System.setOut(stdout);
      Files.deleteIfExists(kubeconfig);
    }
    assertThat(exit.get()).as(captured.toString(StandardCharsets.UTF_8)).isZero();
  }

  private static String kubectl(Path kubeconfig, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("kubectl %s: %s", String.join(" ", args), out).isZero();
    return out;
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
