package dev.osc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Conditions;
import dev.osc.api.Names;
import dev.osc.api.v1.KataConfig;
import dev.osc.testkit.Await;
import dev.osc.testkit.StatusHistory;
import dev.osc.testkit.Table81;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The documented lifecycle on a real API server: the operator in-process with the simulated
 * MachineConfig operator, driven and inspected with the real kubectl.
 */
class LifecycleE2ETest extends OperatorOnRealApi {
  LifecycleE2ETest() {
    super(true);
  }

  @Test
  void installBlockedDeletionAndUninstallAsDocumented() {
    try (StatusHistory history = new StatusHistory(cluster.client(), NAME)) {
      assertThat(kubectl.ok("create", "-f", "examples/example-kataconfig.yaml"))
          .contains("kataconfig.kataconfiguration.openshift.io/example-kataconfig created");
      awaitInstalledAsDocumented(history);
      for (String node : List.of("worker-0", "worker-1")) {
        assertThat(cluster.disruptions(node)).as("reboots of %s to install", node).isEqualTo(1);
      }

      String get = kubectl.ok("get", "kataconfig");
      assertThat(get.lines().findFirst().orElseThrow().split("\\s+"))
          .containsExactly("NAME", "INPROGRESS", "COMPLETED", "TOTAL", "AGE");
      assertThat(get).containsPattern("example-kataconfig\\s+False\\s+2\\s+2\\s+\\d+s");
      String status = kubectl.ok("describe", "kataconfig");
      assertThat(status)
          .contains(
              "Kata Nodes:",
              "Installed:",
              "worker-0",
              "worker-1",
              "Runtime Classes:",
              "kata-remote")
          .containsPattern("Node Count:\\s+2")
          .containsPattern("Ready Node Count:\\s+2")
          .containsPattern("Type:\\s+InProgress")
          .containsPattern(
              "Normal\\s+Installing\\s+.*Performing initial installation of"
                  + " kata-remote on cluster");
      assertThat(
              kubectl.ok(
                  "get",
                  "runtimeclass",
                  "-o",
                  "custom-columns=NAME:.metadata.name,HANDLER:.handler",
                  "--no-headers"))
          .containsPattern("kata\\s+kata\\n")
          .containsPattern("kata-remote\\s+kata-remote");

      // Docs 3.3.1: the limit, and the patch that changes it on every kata node.
      Await.until(
          TIMEOUT,
          "limit 10 on the kata nodes",
          () ->
              kubectl
                  .ok(
                      "get",
                      "nodes",
                      "-l",
                      Names.LABEL_ROLE_KATA_OC,
                      "-o",
                      "jsonpath={.items[*].status.capacity.kata\\.peerpods\\.io/vm}")
                  .equals("10 10"));
      assertThat(
              kubectl.ok(
                  "get",
                  "peerpodconfig",
                  "peerpodconfig-openshift",
                  "-n",
                  Names.OPERATOR_NAMESPACE,
                  "-o",
                  "jsonpath={.spec.limit}"))
          .isEqualTo("10");
      kubectl.ok(
          "patch",
          "peerpodconfig",
          "peerpodconfig-openshift",
          "-n",
          Names.OPERATOR_NAMESPACE,
          "--type",
          "merge",
          "--patch",
          "{\"spec\":{\"limit\":\"4\"}}");
      Await.until(
          TIMEOUT,
          "limit 4 on the kata nodes",
          () ->
              kubectl
                  .ok(
                      "get",
                      "nodes",
                      "-l",
                      Names.LABEL_ROLE_KATA_OC,
                      "-o",
                      "jsonpath={.items[*].status.capacity.kata\\.peerpods\\.io/vm}")
                  .equals("4 4"));

      // No kubelet runs the operator's webhook here, so the pod goes to a namespace the webhook
      // excludes; any namespace blocks the deletion.
      kubectl.ok(
          "run",
          "untrusted",
          "-n",
          "kube-public",
          "--image=busybox",
          "--restart=Never",
          "--overrides={\"spec\":{\"runtimeClassName\":\"kata-remote\"}}");
      kubectl.ok("delete", "kataconfig", NAME, "--wait=false");
      Await.until(
          TIMEOUT,
          "deletion blocked",
          () ->
              kubectl
                  .ok("get", "kataconfig", NAME, "-o", "jsonpath={.status.conditions[0].reason}")
                  .equals(Conditions.REASON_BLOCKED));
      assertThat(
              kubectl.ok(
                  "get", "kataconfig", NAME, "-o", "jsonpath={.status.conditions[0].message}"))
          .isEqualTo(Conditions.blockedByPods(Names.RUNTIME_CLASS_KATA_REMOTE));
      assertThat(kubectl.ok("get", "nodes", "-l", Names.LABEL_ROLE_KATA_OC, "-o", "name"))
          .contains("node/worker-0", "node/worker-1");

      int before = history.documents().size();
      kubectl.ok("delete", "pod", "untrusted", "-n", "kube-public", "--wait=true");
      Await.until(
          TIMEOUT,
          "KataConfig gone",
          () -> kubectl.run("get", "kataconfig", NAME).err().contains("NotFound"),
          () -> Table81.show(history.documents()));
      awaitUninstallDocuments(history, before);
    }

    assertThat(kubectl.run("get", "runtimeclass").all()).contains("No resources found");
    assertThat(kubectl.run("get", "nodes", "-l", Names.LABEL_ROLE_KATA_OC).all())
        .contains("No resources found");
    assertThat(kubectl.run("get", "machineconfigpool", Names.POOL_KATA_OC).err())
        .contains("NotFound");
    assertThat(kubectl.run("get", "machineconfig", Names.MC_ENABLE_EXTENSION).err())
        .contains("NotFound");
    assertThat(cluster.client().resources(KataConfig.class).list().getItems()).isEmpty();

    assertThat(kubectl.ok("delete", "crd", Names.KATACONFIG_CRD))
        .contains("\"" + Names.KATACONFIG_CRD + "\" deleted");
    Await.until(
        TIMEOUT,
        "CRD gone",
        () -> kubectl.run("get", "crd", Names.KATACONFIG_CRD).err().contains("NotFound"));
  }
}
