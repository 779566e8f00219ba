package dev.osc.caa.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The user data against what upstream's cloudinit template writes for the same files (its output,
 * spelled out by hand from {@code cloud-providers/util/cloudinit/cloudconfig.go}), and read back by
 * a YAML parser as cloud-init and upstream's process-user-data read it.
 */
class CloudConfigTest {
  private static final String APF =
      "{\n    \"pod-network\": null,\n"
          + "    \"pod-namespace\": \"shop\",\n    \"pod-name\": \"web\"\n}";
  private static final String AUTH = "{\"auths\":{\"quay.io\":{\"auth\":\"dTpw\"}}}";
  private static final String INITDATA = "H4sIAAAAAAAA/ytLLSrOzM9TslIwNDAw";

  static Stream<Arguments> documents() {
    String apfBlock =
        "  - path: /run/peerpod/apf.json\n    content: |\n      {\n"
            + "          \"pod-network\": null,\n          \"pod-namespace\": \"shop\",\n"
            + "          \"pod-name\": \"web\"\n      }\n";
    return Stream.of(
        Arguments.of(
            "forwarder config only", null, null, "#cloud-config\n\nwrite_files:\n" + apfBlock),
        Arguments.of(
            "with credentials and initdata",
            AUTH,
            INITDATA,
            "#cloud-config\n\nwrite_files:\n"
                + apfBlock
                + "  - path: /run/peerpod/auth.json\n    content: |\n      "
                + AUTH
                + "\n"
                + "  - path: /run/peerpod/initdata\n    content: |\n      "
                + INITDATA
                + "\n"),
        Arguments.of(
            "credentials over 12288 bytes are left out",
            "{\"auths\":{\"r\":{\"auth\":\"" + "x".repeat(CloudConfig.AUTH_JSON_LIMIT) + "\"}}}",
            null,
            "#cloud-config\n\nwrite_files:\n" + apfBlock));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void writesWhatUpstreamWrites(String name, String auth, String initdata, String upstream)
      throws Exception {
    String doc = CloudConfig.render(APF, auth, initdata);
    assertThat(doc).isEqualTo(upstream);
    JsonNode yaml = new YAMLMapper().readTree(doc);
    Map<String, String> parsed = new LinkedHashMap<>();
    yaml.get("write_files")
        .forEach(f -> parsed.put(f.get("path").asText(), f.get("content").asText()));
    assertThat(CloudConfig.files(doc)).isEqualTo(parsed);
    assertThat(parsed.get(CloudConfig.FORWARDER_CONFIG_PATH)).isEqualTo(APF + "\n");
    if (initdata != null) {
      assertThat(parsed.get(CloudConfig.INITDATA_PATH)).isEqualTo(initdata + "\n");
    }
  }
}
