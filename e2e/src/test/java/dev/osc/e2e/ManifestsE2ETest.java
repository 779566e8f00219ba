package dev.osc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import dev.osc.testkit.Await;
import dev.osc.testkit.Crds;
import dev.osc.testkit.RealApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** deploy/ on a real API server, with the real kubectl: what an administrator does first. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManifestsE2ETest {
  private RealApi api;
  private Kubectl kubectl;

  @BeforeAll
  void start() throws Exception {
    api = RealApiExtension.startOrSkip();
    kubectl = new Kubectl(api.kubeconfig());
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  @Order(1)
  void deployAppliesAndTheCrdIsStructural() {
    String out = kubectl.ok("apply", "-f", "deploy/");
    assertThat(out)
        .contains(
            "namespace/openshift-sandboxed-containers-operator created",
            "customresourcedefinition.apiextensions.k8s.io/" + Names.KATACONFIG_CRD + " created",
            "clusterrole.rbac.authorization.k8s.io/sandboxed-containers-operator created",
            "deployment.apps/sandboxed-containers-operator created");
    kubectl.established(Names.KATACONFIG_CRD);
    assertThat(
            kubectl.ok(
                "get", "crd", Names.KATACONFIG_CRD, "-o", "jsonpath={.status.conditions[*].type}"))
        .contains("Established")
        .doesNotContain("NonStructuralSchema");
    assertThat(kubectl.ok("apply", "-f", "deploy/")).doesNotContain("created", "configured");
  }

  @Test
  @Order(2)
  void explainShowsTheFieldsWithTheirDescriptions() {
    // The API server publishes a new CRD's OpenAPI schema shortly after it is established.
    Await.until(
        Duration.ofSeconds(60),
        "kubectl explain kataconfig",
        () -> kubectl.run("explain", "kataconfig").exit() == 0);
    assertThat(kubectl.ok("explain", "kataconfig.spec").replaceAll("\\s+", " "))
        .contains(
            "kataConfigPoolSelector",
            "If not specified, all worker nodes are selected",
            "logLevel",
            "crio --log-level",
            "checkNodeEligibility",
            "feature.node.kubernetes.io/runtime.kata=true",
            "enablePeerPods");
    assertThat(kubectl.ok("explain", "kataconfig.status.kataNodes"))
        .contains("readyNodeCount", "waitingToInstall", "failedToUninstall");
  }

  @Test
  @Order(2)
  void invalidSpecsAreRejectedNamingTheField() throws Exception {
    Kubectl.Result level =
        create(
            """
        apiVersion: kataconfiguration.openshift.io/v1
        kind: KataConfig
        metadata:
          name: loud
        spec:
          logLevel: loud
        """);
    assertThat(level.exit()).isNotZero();
    assertThat(level.err()).contains("spec.logLevel: Unsupported value: \"loud\"");

    Kubectl.Result selector =
        create(
            """
        apiVersion: kataconfiguration.openshift.io/v1
        kind: KataConfig
        metadata:
          name: malformed
        spec:
          kataConfigPoolSelector:
            matchExpressions:
            - key: kata
              operator: Equals
              values: ["true"]
        """);
    assertThat(selector.exit()).isNotZero();
    assertThat(selector.err())
        .contains(
            "spec.kataConfigPoolSelector.matchExpressions[0].operator: Unsupported value:"
                + " \"Equals\"");
    assertThat(kubectl.ok("get", "kataconfig")).isEmpty();
  }

  @Test
  @Order(2)
  void theOperatorMayDoWhatItNeedsAndNoMore() throws Exception {
    String sa =
        "--as=system:serviceaccount:" + Names.OPERATOR_NAMESPACE + ":sandboxed-containers-operator";
    String ns = Names.OPERATOR_NAMESPACE;
    // kubectl resolves cert-manager's kinds only where the cluster serves them.
    Crds.installCertManager(api.client());
    Await.until(
        Duration.ofSeconds(30),
        "cert-manager CRDs served",
        () -> kubectl.run("get", "certificates.cert-manager.io", "-n", ns).exit() == 0);
    // The Prometheus operator's ServiceMonitor, as far as kubectl needs it to resolve the kind.
    Crds.installServiceMonitor(api.client());
    Await.until(
        Duration.ofSeconds(30),
        "ServiceMonitors served",
        () -> kubectl.run("get", "servicemonitors.monitoring.coreos.com", "-n", ns).exit() == 0);
    for (String[] allowed :
        new String[][] {
          {"patch", "nodes"},
          {"update", "kataconfigs/status"},
          {"create", "runtimeclasses"},
          {"list", "pods", "--all-namespaces"},
          {"create", "daemonsets", "-n", ns},
          {"patch", "nodes", "--subresource=status"},
          {"patch", "peerpodconfigs.confidentialcontainers.org", "-n", ns},
          {"create", "certificates.cert-manager.io", "-n", ns},
          {"create", "jobs", "-n", ns},
          {"watch", "jobs", "-n", ns},
          {"create", "servicemonitors.monitoring.coreos.com", "-n", ns},
          {"get", "customresourcedefinitions/servicemonitors.monitoring.coreos.com"}
        }) {
      assertThat(canI(sa, allowed)).as(String.join(" ", allowed)).isEqualTo("yes");
    }
    for (String[] denied :
        new String[][] {
          {"delete", "nodes"},
          {"get", "secrets", "-n", ns},
          {"list", "secrets", "-A"},
          {"create", "daemonsets", "-n", "default"},
          {"create", "pods", "-n", ns},
          {"delete", "pods", "-A"},
          {"create", "clusterrolebindings"},
          {"get", "configmaps", "-n", "default"},
          {"create", "certificates.cert-manager.io", "-n", "default"},
          {"create", "jobs", "-n", "default"},
          {"create", "servicemonitors.monitoring.coreos.com", "-n", "default"},
          {"get", "customresourcedefinitions/other.example.com"}
        }) {
      assertThat(canI(sa, denied)).as(String.join(" ", denied)).isEqualTo("no");
    }
    String caa = "--as=system:serviceaccount:" + ns + ":osc-caa";
    assertThat(canI(caa, new String[] {"create", "peerpods.confidentialcontainers.org", "-A"}))
        .isEqualTo("yes");
    assertThat(canI(caa, new String[] {"get", "namespace/kube-system"})).isEqualTo("yes");
    assertThat(canI(caa, new String[] {"get", "secrets", "-n", "shop"})).isEqualTo("yes");
    // Its node's kata.peerpods.io/vm capacity is the limit it enforces, watched.
    assertThat(canI(caa, new String[] {"watch", "nodes"})).isEqualTo("yes");
    // Its node's pods and the service accounts are cached by informers; secrets never are.
    assertThat(canI(caa, new String[] {"watch", "pods", "-A"})).isEqualTo("yes");
    assertThat(canI(caa, new String[] {"list", "serviceaccounts", "-A"})).isEqualTo("yes");
    for (String[] denied :
        new String[][] {
          {"delete", "pods", "-A"},
          {"list", "secrets", "-A"},
          {"watch", "secrets", "-A"},
          {"create", "serviceaccounts", "-n", "shop"},
          {"get", "namespace/default"},
          {"patch", "nodes"},
          {"patch", "nodes", "--subresource=status"},
          {"update", "nodes"}
        }) {
      assertThat(canI(caa, denied)).as("osc-caa " + String.join(" ", denied)).isEqualTo("no");
    }
    String image = "--as=system:serviceaccount:" + ns + ":osc-podvm-image";
    assertThat(canI(image, new String[] {"patch", "configmap/peer-pods-cm", "-n", ns}))
        .isEqualTo("yes");
    for (String[] denied :
        new String[][] {
          {"patch", "configmap/other", "-n", ns},
          {"get", "secrets", "-n", ns},
          {"create", "jobs", "-n", ns},
          {"delete", "configmap/peer-pods-cm", "-n", ns}
        }) {
      assertThat(canI(image, denied))
          .as("osc-podvm-image " + String.join(" ", denied))
          .isEqualTo("no");
    }
  }

  private String canI(String as, String[] what) {
    String[] args = new String[what.length + 3];
    args[0] = "auth";
    args[1] = "can-i";
    args[2] = as;
    System.arraycopy(what, 0, args, 3, what.length);
    return kubectl.run(args).out().trim();
  }

  private Kubectl.Result create(String yaml) throws Exception {
    Path file = Files.createTempFile("kataconfig-", ".yaml");
    Files.writeString(file, yaml);
    return kubectl.run("create", "-f", file.toString());
  }
}
