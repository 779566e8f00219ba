package dev.osc.cli.mustgather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatherTreeTest {
  @TempDir Path dir;

  @Test
  void objectsGoWhereOcAdmInspectPutsThem() {
    assertThat(GatherTree.objectPath("", "nodes", null, "worker-0"))
        .isEqualTo(Path.of("cluster-scoped-resources/core/nodes/worker-0.yaml"));
    assertThat(GatherTree.objectPath("apps", "daemonsets", "ns", "osc-caa-ds"))
        .isEqualTo(Path.of("namespaces/ns/apps/daemonsets/osc-caa-ds.yaml"));
  }

  @Test
  void everythingWrittenIsRedacted() throws Exception {
    GatherTree tree = new GatherTree(dir, new KubernetesSerialization());
    tree.hide(List.of("s3cr3t-value-1"));
    tree.object(
        "",
        "configmaps",
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("cm")
            .withNamespace("ns")
            .endMetadata()
            .withData(Map.of("PASTED", "s3cr3t-value-1"))
            .build());
    tree.log(Path.of("a.log"), new StringReader("line 1\nkey=s3cr3t-value-1 ok\n"));
    assertThat(Files.readString(dir.resolve("namespaces/ns/core/configmaps/cm.yaml")))
        .contains("PASTED: \"<redacted>\"")
        .doesNotContain("s3cr3t");
    assertThat(Files.readString(dir.resolve("a.log"))).isEqualTo("line 1\nkey=<redacted> ok\n");
  }

  @Test
  void aSecretCannotBeWritten() {
    GatherTree tree = new GatherTree(dir, new KubernetesSerialization());
    assertThatThrownBy(
            () ->
                tree.object(
                    "",
                    "secrets",
                    new SecretBuilder()
                        .withNewMetadata()
                        .withName("s")
                        .withNamespace("ns")
                        .endMetadata()
                        .withStringData(Map.of("k", "v"))
                        .build()))
        .hasMessage("a Secret is never written");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void nothingLandsOutsideTheDirectory() {
    GatherTree tree = new GatherTree(dir, new KubernetesSerialization());
    assertThatThrownBy(() -> tree.text(Path.of("../escape.txt"), "x"))
        .hasMessageContaining("outside the output directory");
    assertThat(GatherTree.safe("../a/b")).isEqualTo("__a_b");
  }
}
