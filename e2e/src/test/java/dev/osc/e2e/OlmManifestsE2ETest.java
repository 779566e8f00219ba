package dev.osc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.osc.testkit.RealApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * deploy/olm/ and the bundle's CSV against OLM's own CRDs (from the operator-framework/api module
 * testbed/olm-validate pins) on a real API server, with kubectl's strict field validation: what an
 * administrator applies is accepted by a cluster that runs OLM. OLM itself (catalog pod, install
 * plan) cannot run here: there is no kubelet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OlmManifestsE2ETest {
  private static final String NS = "openshift-sandboxed-containers-operator";
  private static final Path CSV =
      Path.of("bundle/manifests/sandboxed-containers-operator.clusterserviceversion.yaml");
  private RealApi api;
  private Kubectl kubectl;

  @BeforeAll
  void start() throws Exception {
    Path crds = olmCrds();
    if (crds == null) {
      System.err.println("e2e: OLM manifests skipped, no Go to find operator-framework/api's CRDs");
    }
    assumeTrue(crds != null, "no Go: operator-framework/api's CRDs unavailable");
    api = RealApiExtension.startOrSkip();
    kubectl = new Kubectl(api.kubeconfig());
    for (String kind :
        List.of("clusterserviceversions", "catalogsources", "subscriptions", "operatorgroups")) {
      // Server-side: the CSV CRD is too large for apply's last-applied annotation.
      kubectl.ok(
          "apply",
          "--server-side",
          "-f",
          crds.resolve("operators.coreos.com_" + kind + ".yaml").toString());
      kubectl.established(kind + ".operators.coreos.com");
    }
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  @Order(1)
  void deployOlmAppliesStrictly() {
    String out = kubectl.ok("apply", "--validate=strict", "-f", "deploy/olm/");
    assertThat(out)
        .contains(
            "namespace/" + NS + " created",
            "operatorgroup.operators.coreos.com/sandboxed-containers-operator-group created",
            "catalogsource.operators.coreos.com/osc-catalog created",
            "subscription.operators.coreos.com/sandboxed-containers-operator created");
  }

  @Test
  @Order(2)
  void theBundleCsvAndCrdsApplyStrictly() throws IOException {
    Path csv = inNamespace(Files.readString(CSV));
    assertThat(kubectl.ok("apply", "--validate=strict", "-f", csv.toString()))
        .contains(
            "clusterserviceversion.operators.coreos.com/sandboxed-containers-operator.v0.1.0"
                + " created");
    assertThat(
            kubectl.ok(
                "get", "csv", "-n", NS, "-o", "jsonpath={.items[0].spec.installModes[*].type}"))
        .isEqualTo("OwnNamespace SingleNamespace MultiNamespace AllNamespaces");
    String[] crds = {
      "apply",
      "--validate=strict",
      "-f",
      "bundle/manifests/kataconfigs.yaml",
      "-f",
      "bundle/manifests/peerpodconfigs.yaml",
      "-f",
      "bundle/manifests/peerpods.yaml"
    };
    assertThat(kubectl.ok(crds))
        .contains(
            "customresourcedefinition.apiextensions.k8s.io/peerpods.confidentialcontainers.org");
  }

  @Test
  @Order(3)
  void aCsvFieldOlmDoesNotKnowIsRefused() throws IOException {
    Path csv =
        inNamespace(
            Files.readString(CSV)
                .replace("  installModes:\n", "  installMode: OwnNamespace\n  installModes:\n")
                .replace("name: sandboxed-containers-operator.v", "name: typo.v"));
    Kubectl.Result r = kubectl.run("apply", "--validate=strict", "-f", csv.toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("unknown field \"spec.installMode\"");
  }

  private static Path inNamespace(String csv) throws IOException {
    Path file = Files.createTempFile("csv-", ".yaml");
    file.toFile().deleteOnExit();
    Files.writeString(file, csv.replace("namespace: placeholder", "namespace: " + NS));
    return file;
  }

  /** The crds/ of the operator-framework/api module testbed/olm-validate pins, or null. */
  private static Path olmCrds() throws InterruptedException {
    try {
      ProcessBuilder pb =
          new ProcessBuilder("go", "mod", "download", "-json", "github.com/operator-framework/api")
              .directory(Path.of("testbed/olm-validate").toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("GOFLAGS", "-mod=mod");
      Process p = pb.start();
      p.getOutputStream().close();
      String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Matcher dir = Pattern.compile("\"Dir\":\\s*\"([^\"]+)\"").matcher(json);
      if (p.waitFor() != 0 || !dir.find()) {
        return null;
      }
      Path crds = Path.of(dir.group(1), "crds");
      return Files.isDirectory(crds) ? crds : null;
    } catch (IOException e) {
      return null;
    }
  }
}
