package dev.osc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import dev.osc.testkit.StatusHistory;
import org.junit.jupiter.api.Test;

/**
 * Plain Kubernetes on a real API server: no MachineConfig API, so the operator installs with the
 * kata-deploy DaemonSet (its pods and node labels simulated), with the same documented statuses.
 */
class KataDeployE2ETest extends OperatorOnRealApi {
  KataDeployE2ETest() {
    super(false);
  }

  @Test
  void installAndUninstallWithKataDeploy() {
    assertThat(operator.strategyName()).isEqualTo("DaemonSet");
    try (StatusHistory history = new StatusHistory(cluster.client(), NAME)) {
      kubectl.ok("create", "-f", "examples/example-kataconfig.yaml");
      awaitInstalledAsDocumented(history);
      assertThat(kubectl.ok("get", "nodes", "-l", Names.LABEL_KATA_RUNTIME + "=true", "-o", "name"))
          .contains("node/worker-0", "node/worker-1");
      assertThat(kubectl.ok("get", "daemonset", "-n", Names.OPERATOR_NAMESPACE, "-o", "name"))
          .contains("daemonset.apps/kata-deploy", "daemonset.apps/kata-cleanup");

      int before = history.documents().size();
      kubectl.ok("delete", "kataconfig", NAME, "--timeout=90s");
      awaitUninstallDocuments(history, before);
    }
    assertThat(kubectl.run("get", "daemonset", "-n", Names.OPERATOR_NAMESPACE).all())
        .contains("No resources found");
    assertThat(kubectl.ok("get", "nodes", "-o", "jsonpath={.items[*].metadata.labels}"))
        .doesNotContain(
            Names.LABEL_KATA_RUNTIME, Names.LABEL_ROLE_KATA_OC, Names.LABEL_INSTALL_GATE);
  }
}
