package dev.osc.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CRD in deploy/ is the one generated from the Java types at build time, with the printer
 * columns in the documentation's order. Run with -Dosc.updateCrds=true to rewrite it.
 */
class CrdDriftTest {
  static final List<String> COLUMN_ORDER =
      List.of("InProgress", "Completed", "Total", "Provider", "Instance", "Node", "Age");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "kataconfigs.kataconfiguration.openshift.io, dev.osc.api.v1.KataConfig, 01-crd-kataconfigs",
    "peerpodconfigs.confidentialcontainers.org, dev.osc.api.v1alpha1.PeerPodConfig,"
        + " 01-crd-peerpodconfigs",
    "peerpods.confidentialcontainers.org, dev.osc.api.v1alpha1.PeerPod, 01-crd-peerpods"
  })
  void committedCrdMatchesTheJavaTypes(String crd, String javaType, String file)
      throws IOException {
    Path generated = Path.of("target/classes/META-INF/fabric8/" + crd + "-v1.yml");
    Path committed = Path.of("../deploy/" + file + ".yaml");
    String expected =
        "# Generated from "
            + javaType
            + " by the build"
            + " (crd-generator-maven-plugin);\n# do not edit: run `mvn -pl api test"
            + " -Dosc.updateCrds=true` after changing the Java types.\n"
            + render(Files.readString(generated));
    if (Boolean.getBoolean("osc.updateCrds")) {
      Files.writeString(committed, expected);
    }
    assertThat(Files.exists(committed)).as(committed + " exists").isTrue();
    assertThat(Files.readString(committed))
        .as("deploy/ CRD drifted from the Java types; rerun with -Dosc.updateCrds=true")
        .isEqualTo(expected);
  }

  static String render(String generatedYaml) {
    KubernetesSerialization yaml = new KubernetesSerialization();
    CustomResourceDefinition crd = yaml.unmarshal(generatedYaml, CustomResourceDefinition.class);
    crd.getSpec()
        .getVersions()
        .forEach(
            v -> {
              v.getAdditionalPrinterColumns()
                  .sort(
                      Comparator.comparingInt(
                          (CustomResourceColumnDefinition c) -> COLUMN_ORDER.indexOf(c.getName())));
              // The API server drops a zero priority; writing it makes every re-apply a change.
              v.getAdditionalPrinterColumns()
                  .forEach(
                      c -> {
                        if (Integer.valueOf(0).equals(c.getPriority())) {
                          c.setPriority(null);
                        }
                      });
            });
    return yaml.asYaml(crd);
  }
}
