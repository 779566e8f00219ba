package dev.osc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import dev.osc.operator.OperatorSettings;
import dev.osc.operator.OscOperator;
import dev.osc.testkit.Await;
import dev.osc.testkit.RealApi;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * OpenShift's SecurityContextConstraints on the real API server (the SCC CRD installed from the
 * file this test carries): the operator makes SCC osc-caa with what the adaptor DaemonSet needs,
 * and RBAC lets each service account use exactly its SCC, checked with {@code kubectl auth can-i}.
 */
class SccE2ETest {
  private static final String NS = Names.OPERATOR_NAMESPACE;
  private static final String SA = "--as=system:serviceaccount:" + NS + ":";

  @Test
  void theAdaptorsSccIsMadeAndEachServiceAccountMayUseOnlyItsOwn() throws Exception {
    try (RealApi api = RealApiExtension.startOrSkip()) {
      Kubectl kubectl = new Kubectl(api.kubeconfig());
      kubectl.ok("apply", "-f", "deploy/");
      kubectl.ok(
          "apply", "-f", "e2e/src/test/resources/openshift/securitycontextconstraints-crd.yaml");
      kubectl.established("securitycontextconstraints.security.openshift.io");
      Await.until(
          Duration.ofSeconds(30), "scc served", () -> kubectl.run("get", "scc").exit() == 0);

      try (OscOperator operator = OscOperator.start(api.client(), OperatorSettings.defaults())) {
        assertThat(
                kubectl.ok(
                    "get",
                    "scc",
                    "osc-caa",
                    "-o",
                    "jsonpath={.allowPrivilegedContainer} {.allowHostNetwork}"
                        + " {.allowHostDirVolumePlugin} {.allowHostPID} {.allowHostIPC}"
                        + " {.allowHostPorts} {.runAsUser.type} {.volumes}"))
            .isEqualTo(
                "true true true false false false RunAsAny [\"hostPath\",\"projected\",\"secret\"]");
      }

      String[][] yes = {
        {"osc-caa", "use", "securitycontextconstraints/osc-caa", "-n", NS},
        {"peer-pods-webhook", "use", "securitycontextconstraints/restricted-v2", "-n", NS},
        {"osc-podvm-image", "use", "securitycontextconstraints/nonroot-v2", "-n", NS},
        {"sandboxed-containers-operator", "create", "securitycontextconstraints"},
        {"sandboxed-containers-operator", "update", "securitycontextconstraints/osc-caa"},
        {"peer-pods-webhook", "list", "kataconfigs"}
      };
      String[][] no = {
        {"osc-caa", "use", "securitycontextconstraints/privileged", "-n", NS},
        {"osc-caa", "use", "securitycontextconstraints/restricted-v2", "-n", NS},
        {"peer-pods-webhook", "use", "securitycontextconstraints/osc-caa", "-n", NS},
        {"peer-pods-webhook", "use", "securitycontextconstraints/privileged", "-n", NS},
        {"osc-podvm-image", "use", "securitycontextconstraints/osc-caa", "-n", NS},
        {"osc-podvm-image", "use", "securitycontextconstraints/restricted-v2", "-n", NS},
        {"default", "use", "securitycontextconstraints/osc-caa", "-n", NS},
        {"sandboxed-containers-operator", "use", "securitycontextconstraints/osc-caa", "-n", NS},
        {"sandboxed-containers-operator", "update", "securitycontextconstraints/privileged"},
        {"sandboxed-containers-operator", "delete", "securitycontextconstraints/osc-caa"},
        {"peer-pods-webhook", "create", "kataconfigs"}
      };
      for (String[] c : yes) {
        assertThat(canI(kubectl, c)).as(String.join(" ", c)).isEqualTo("yes");
      }
      for (String[] c : no) {
        assertThat(canI(kubectl, c)).as(String.join(" ", c)).isEqualTo("no");
      }
    }
  }

  private static String canI(Kubectl kubectl, String[] c) {
    String[] args = new String[c.length + 2];
    args[0] = "auth";
    args[1] = "can-i";
    args[2] = SA + c[0];
    System.arraycopy(c, 1, args, 3, c.length - 1);
    return kubectl.run(args).out().trim();
  }
}
