package dev.osc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import dev.osc.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Docs 6.3, "Enabling debug logs for CRI-O runtime", on a real API server with the simulated
 * MachineConfig operator: patch logLevel, watch {@code oc get mcp kata-oc} until UPDATED is True.
 * Without peer pods, so no admission webhook is registered that nothing here would serve.
 */
class LogLevelE2ETest extends OperatorOnRealApi {
  LogLevelE2ETest() {
    super(true);
  }

  @Test
  void debugLogsRollOutThroughTheKataPool() throws Exception {
    Path manifest = Files.createTempFile("kataconfig-", ".yaml");
    Files.writeString(
        manifest,
        Files.readString(Path.of("examples/example-kataconfig.yaml"))
            .replace("enablePeerPods: true", "enablePeerPods: false"));
    kubectl.ok("create", "-f", manifest.toString());
    Await.until(
        TIMEOUT,
        "installed",
        () ->
            kubectl
                .ok(
                    "get",
                    "kataconfig",
                    NAME,
                    "-o",
                    "jsonpath={.status.conditions[0].status}/{.status.kataNodes.readyNodeCount}")
                .equals("False/2"));

    String[] header =
        kubectl
            .ok("get", "mcp", Names.POOL_KATA_OC)
            .lines()
            .findFirst()
            .orElseThrow()
            .split("\\s+");
    assertThat(header)
        .containsExactly(
            "NAME",
            "CONFIG",
            "UPDATED",
            "UPDATING",
            "DEGRADED",
            "MACHINECOUNT",
            "READYMACHINECOUNT",
            "UPDATEDMACHINECOUNT",
            "DEGRADEDMACHINECOUNT",
            "AGE");
    String before =
        kubectl.ok("get", "mcp", Names.POOL_KATA_OC, "-o", "jsonpath={.status.configuration.name}");

    kubectl.ok(
        "patch",
        "kataconfig",
        NAME,
        "--type",
        "merge",
        "--patch",
        "{\"spec\":{\"logLevel\":\"debug\"}}");
    Await.until(
        TIMEOUT,
        "kata-oc UPDATED True on a new rendering",
        () -> {
          String row = kubectl.ok("get", "mcp", Names.POOL_KATA_OC, "--no-headers");
          return row.matches(
                  "kata-oc\\s+rendered-kata-oc-\\w+\\s+True\\s+False\\s+False"
                      + "\\s+2\\s+2\\s+2\\s+0\\s.*\\n")
              && !row.contains(before);
        });
    assertThat(
            kubectl.ok(
                "get",
                "ctrcfg",
                Names.CONTAINER_RUNTIME_CONFIG,
                "-o",
                "jsonpath={.spec.containerRuntimeConfig.logLevel}"))
        .isEqualTo("debug");
    for (String node : List.of("worker-0", "worker-1")) {
      assertThat(cluster.disruptions(node)).as("reboots of %s", node).isEqualTo(2);
    }
    Await.until(
        TIMEOUT,
        "KataConfig settled",
        () ->
            kubectl
                .ok(
                    "get",
                    "kataconfig",
                    NAME,
                    "-o",
                    "jsonpath={.status.conditions[0].status}/{.status.kataNodes.readyNodeCount}")
                .equals("False/2"));

    kubectl.ok("delete", "kataconfig", NAME, "--timeout=90s");
    assertThat(kubectl.run("get", "ctrcfg").all()).contains("No resources found");
    assertThat(kubectl.run("get", "mcp", Names.POOL_KATA_OC).err()).contains("NotFound");
  }
}
