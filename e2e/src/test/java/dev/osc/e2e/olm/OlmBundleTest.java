package dev.osc.e2e.olm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * bundle/ and catalog/ are what {@link OlmBundle} makes from deploy/ (run with
 * -Dosc.updateBundle=true to rewrite them), and deploy/olm installs from them.
 */
class OlmBundleTest {
  private static final Path REPO = Path.of("");
  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void committedBundleAndCatalogAreGeneratedFromDeploy() throws IOException {
    Map<String, String> generated = OlmBundle.generate(REPO);
    if (Boolean.getBoolean("osc.updateBundle")) {
      for (Path stale : committedFiles()) {
        Files.delete(stale);
      }
      for (var e : generated.entrySet()) {
        Files.createDirectories(REPO.resolve(e.getKey()).getParent());
        Files.writeString(REPO.resolve(e.getKey()), e.getValue());
      }
    }
    assertThat(committedFiles().stream().map(Path::toString).collect(Collectors.toSet()))
        .as("files in bundle/ and catalog/")
        .isEqualTo(generated.keySet());
    for (var e : generated.entrySet()) {
      assertThat(Files.readString(REPO.resolve(e.getKey())))
          .as(e.getKey() + " drifted from deploy/; rerun with -Dosc.updateBundle=true")
          .isEqualTo(e.getValue());
    }
  }

  @Test
  void theCsvInstallsTheOperatorOfDeployWithItsPermissions() throws IOException {
    JsonNode csv = YAML.readTree(OlmBundle.generate(REPO).get(OlmBundle.CSV_FILE));
    JsonNode strategy = csv.at("/spec/install/spec");
    JsonNode operator = strategy.at("/deployments/0/spec/template/spec/containers/0");
    assertThat(operator.path("args").toString()).isEqualTo("[\"operator\"]");
    assertThat(names(strategy.path("clusterPermissions"), "serviceAccountName"))
        .containsExactly(
            "sandboxed-containers-operator", "kata-deploy", "osc-caa", "peer-pods-webhook");
    // Every service account the operator's workloads use is created by OLM from an entry.
    assertThat(names(strategy.path("permissions"), "serviceAccountName"))
        .containsExactlyInAnyOrder(
            "sandboxed-containers-operator",
            "kata-deploy",
            "osc-caa",
            "osc-podvm-image",
            "peer-pods-webhook");
    JsonNode operatorRules = strategy.at("/permissions/0/rules");
    assertThat(operatorRules.toString()).contains("\"jobs\"", "\"daemonsets\"");
    assertThat(names(csv.at("/spec/customresourcedefinitions/owned"), "kind"))
        .containsExactly("KataConfig", "PeerPodConfig", "PeerPod");
    assertThat(names(csv.at("/spec/relatedImages"), "image"))
        .contains(operator.path("image").asText(), "quay.io/kata-containers/kata-deploy:3.13.0");
  }

  @Test
  void deployOlmSubscribesToThisProjectsCatalog() throws IOException {
    List<ObjectNode> docs = new java.util.ArrayList<>();
    try (var it =
        YAML.readerFor(ObjectNode.class)
            .<ObjectNode>readValues(Path.of("deploy/olm/osc-subscription.yaml").toFile())) {
      it.forEachRemaining(docs::add);
    }
    JsonNode source = kind(docs, "CatalogSource");
    JsonNode sub = kind(docs, "Subscription");
    JsonNode csv = YAML.readTree(OlmBundle.generate(REPO).get(OlmBundle.CSV_FILE));
    String operatorImage = csv.at("/metadata/annotations/containerImage").asText();
    assertThat(source.at("/spec/image").asText())
        .isEqualTo(OlmBundle.sibling(operatorImage, "osc-catalog"));
    assertThat(sub.at("/spec/source").asText()).isEqualTo(source.at("/metadata/name").asText());
    assertThat(sub.at("/spec/sourceNamespace").asText())
        .isEqualTo(source.at("/metadata/namespace").asText());
    assertThat(sub.at("/spec/name").asText()).isEqualTo(OlmBundle.PACKAGE);
    assertThat(sub.at("/spec/channel").asText()).isEqualTo(OlmBundle.CHANNEL);
    assertThat(sub.at("/spec/startingCSV").asText()).isEqualTo(csv.at("/metadata/name").asText());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a kind OLM cannot carry | {kind: SecurityContextConstraints, metadata: {name: x}}"
            + " | deploy/99-extra.yaml: kind SecurityContextConstraints has no place",
        "a binding to a role not in deploy/ | {kind: RoleBinding, metadata: {name: b}, roleRef:"
            + " {kind: Role, name: missing}, subjects: [{kind: ServiceAccount, name: x}]}"
            + " | RoleBinding b: roleRef Role missing is not in deploy/",
        "a binding to a user | {kind: ClusterRoleBinding, metadata: {name: u}, roleRef: {kind:"
            + " ClusterRole, name: sandboxed-containers-caa}, subjects: [{kind: User, name: bob}]}"
            + " | ClusterRoleBinding u: OLM grants permissions to service accounts only, not to"
            + " User"
      })
  void whatTheBundleCannotExpressIsNamed(
      String what, String extra, String message, @TempDir Path tmp) throws IOException {
    Files.createDirectories(tmp.resolve("deploy"));
    Files.createDirectories(tmp.resolve("examples"));
    try (Stream<Path> s = Files.list(Path.of("deploy"))) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Files.copy(p, tmp.resolve("deploy").resolve(p.getFileName()));
      }
    }
    Files.copy(
        Path.of("examples/example-kataconfig.yaml"),
        tmp.resolve("examples/example-kataconfig.yaml"));
    Files.writeString(tmp.resolve("deploy/99-extra.yaml"), extra);
    assertThatThrownBy(() -> OlmBundle.generate(tmp)).hasMessageContaining(message);
  }

  private static List<Path> committedFiles() throws IOException {
    TreeSet<Path> files = new TreeSet<>();
    for (String dir : List.of("bundle", "catalog")) {
      if (Files.isDirectory(REPO.resolve(dir))) {
        try (Stream<Path> s = Files.walk(REPO.resolve(dir))) {
          s.filter(Files::isRegularFile).forEach(files::add);
        }
      }
    }
    return List.copyOf(files);
  }

  private static List<String> names(JsonNode array, String field) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }

  private static JsonNode kind(List<ObjectNode> docs, String kind) {
    return docs.stream()
        .filter(d -> d.path("kind").asText().equals(kind))
        .findFirst()
        .orElseThrow(() -> new AssertionError("deploy/olm/osc-subscription.yaml has no " + kind));
  }
}
