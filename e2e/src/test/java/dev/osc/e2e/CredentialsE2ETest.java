package dev.osc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.operator.OperatorSettings;
import dev.osc.operator.OscOperator;
import dev.osc.testkit.Await;
import dev.osc.testkit.CloudCredentialOperatorSimulator;
import dev.osc.testkit.RealApi;
import dev.osc.testkit.SimulatedCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * AWS guide 3.2 on OpenShift never creates peer-pods-secret: the operator asks the cloud-credential
 * operator (simulated, {@link CloudCredentialOperatorSimulator}) with a CredentialsRequest for the
 * AWS calls peer pods make, and maps its Secret into peer-pods-secret; the installation then
 * completes. A peer-pods-secret the administrator makes is never overwritten. On the real API
 * server, with the CredentialsRequest CRD installed from the file this test carries.
 */
class CredentialsE2ETest {
  private static final String NS = Names.OPERATOR_NAMESPACE;
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Test
  void theGuidesFlowGetsItsCredentialsFromTheCloudCredentialOperator() throws Exception {
    RealApi api = RealApiExtension.startOrSkip();
    Kubectl kubectl = new Kubectl(api.kubeconfig());
    kubectl.ok("apply", "-f", "e2e/src/test/resources/openshift/credentialsrequests-crd.yaml");
    kubectl.established("credentialsrequests.cloudcredential.openshift.io");
    kubectl.ok("create", "namespace", CloudCredentialOperatorSimulator.NAMESPACE);
    try (SimulatedCluster cluster = SimulatedCluster.start(api, 1, false, Duration.ofMillis(100));
        CloudCredentialOperatorSimulator cco =
            CloudCredentialOperatorSimulator.start(cluster.client())) {
      // As the guide has it: peer-pods-cm only.
      kubectl.ok("delete", "secret", PeerPodsKeys.SECRET, "-n", NS);
      try (OscOperator operator =
          OscOperator.start(cluster.client(), OperatorSettings.defaults())) {
        kubectl.ok("create", "-f", "examples/example-kataconfig.yaml");
        Await.until(
            TIMEOUT,
            "peer-pods-secret from the cloud-credential operator",
            () ->
                secretValue(kubectl, "AWS_ACCESS_KEY_ID")
                    .equals(CloudCredentialOperatorSimulator.ACCESS_KEY_ID));
        assertThat(secretValue(kubectl, "AWS_SECRET_ACCESS_KEY"))
            .isEqualTo(CloudCredentialOperatorSimulator.SECRET_ACCESS_KEY);
        String actions =
            kubectl.ok(
                "get",
                "credentialsrequest",
                "openshift-sandboxed-containers-aws",
                "-n",
                CloudCredentialOperatorSimulator.NAMESPACE,
                "-o",
                "jsonpath={.spec.secretRef.namespace}/{.spec.secretRef.name}"
                    + " {.spec.providerSpec.statementEntries[*].action}");
        assertThat(actions)
            .startsWith(NS + "/cco-secret ")
            .contains(
                "ec2:RunInstances",
                "ec2:TerminateInstances",
                "ec2:RegisterImage",
                "ec2:ImportSnapshot",
                "s3:PutObject")
            .doesNotContain("ec2:*");
        // With valid credentials the peer pods pieces are deployed and the install completes.
        Await.until(
            TIMEOUT,
            "osc-caa-ds deployed",
            () -> kubectl.run("get", "daemonset", "osc-caa-ds", "-n", NS).exit() == 0);
        Await.until(
            TIMEOUT,
            "installed",
            () ->
                kubectl
                    .ok(
                        "get",
                        "kataconfig",
                        "example-kataconfig",
                        "-o",
                        "jsonpath={.status.conditions[0].status}/{.status.conditions[0].reason}")
                    .equals("False/"));

        // The administrator's own peer-pods-secret replaces ours: it is kept as it is.
        Path mine = Files.createTempFile("peer-pods-secret-", ".yaml");
        Files.writeString(
            mine,
            kubectl.ok(
                "create",
                "secret",
                "generic",
                PeerPodsKeys.SECRET,
                "-n",
                NS,
                "--from-literal=AWS_ACCESS_KEY_ID=AKIAADMINISTRATOR001",
                "--from-literal=AWS_SECRET_ACCESS_KEY=administrators-own-secret",
                "--dry-run=client",
                "-o",
                "yaml"));
        String hashBefore = configHash(kubectl);
        kubectl.ok("replace", "-f", mine.toString());
        // The DaemonSet rolls to the new secret: a pass saw it, and did not write ours back.
        Await.until(TIMEOUT, "osc-caa-ds rolled", () -> !configHash(kubectl).equals(hashBefore));
        assertThat(secretValue(kubectl, "AWS_ACCESS_KEY_ID")).isEqualTo("AKIAADMINISTRATOR001");
        assertThat(
                kubectl.ok(
                    "get",
                    "secret",
                    PeerPodsKeys.SECRET,
                    "-n",
                    NS,
                    "-o",
                    "jsonpath={.metadata.labels}"))
            .doesNotContain("credentials-request-based");
      }
      // The operator's service account may do this and no more (deploy/02-rbac.yaml).
      kubectl.ok("apply", "-f", "deploy/02-rbac.yaml");
      String op = "--as=system:serviceaccount:" + NS + ":sandboxed-containers-operator";
      String cc = CloudCredentialOperatorSimulator.NAMESPACE;
      String[][] yes = {
        {"create", "credentialsrequests.cloudcredential.openshift.io", "-n", cc},
        {
          "delete",
          "credentialsrequests.cloudcredential.openshift.io/openshift-sandboxed-containers-aws",
          "-n",
          cc
        },
        {"update", "secret/peer-pods-secret", "-n", NS},
        {"watch", "secret/cco-secret", "-n", NS}
      };
      String[][] no = {
        {"delete", "credentialsrequests.cloudcredential.openshift.io/other", "-n", cc},
        {
          "update",
          "credentialsrequests.cloudcredential.openshift.io/openshift-sandboxed-containers-aws",
          "-n",
          cc
        },
        {"update", "secret/cco-secret", "-n", NS},
        {"get", "secret/other", "-n", NS},
        {"get", "secrets", "-n", cc}
      };
      for (String[] c : yes) {
        assertThat(canI(kubectl, op, c)).as(String.join(" ", c)).isEqualTo("yes");
      }
      for (String[] c : no) {
        assertThat(canI(kubectl, op, c)).as(String.join(" ", c)).isEqualTo("no");
      }
    }
  }

  private static String canI(Kubectl kubectl, String as, String[] what) {
    String[] args = new String[what.length + 3];
    args[0] = "auth";
    args[1] = "can-i";
    args[2] = as;
    System.arraycopy(what, 0, args, 3, what.length);
    return kubectl.run(args).out().trim();
  }

  private static String configHash(Kubectl kubectl) {
    return kubectl.ok(
        "get",
        "daemonset",
        "osc-caa-ds",
        "-n",
        NS,
        "-o",
        "jsonpath={.spec.template.metadata.annotations}");
  }

  private static String secretValue(Kubectl kubectl, String key) {
    Kubectl.Result r =
        kubectl.run(
            "get", "secret", PeerPodsKeys.SECRET, "-n", NS, "-o", "jsonpath={.data." + key + "}");
    return r.exit() != 0
        ? ""
        : new String(Base64.getDecoder().decode(r.out().trim()), StandardCharsets.UTF_8);
  }
}
