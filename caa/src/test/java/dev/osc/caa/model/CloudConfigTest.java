package dev.osc.caa.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class CloudConfigTest {
  /** The files a cloud-init would write, read back from the document. */
  static Map<String, String> files(String cloudConfig) {
    Map<String, String> out = new LinkedHashMap<>();
    String path = null;
    for (String line : cloudConfig.split("\n")) {
      if (line.startsWith("- path: ")) {
        path = line.substring("- path: ".length());
      } else if (line.startsWith("  content: ")) {
        out.put(path, new String(Base64.getDecoder().decode(line.substring(11)),
            StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Test
  void carriesTheForwarderConfigCredentialsAndInitdata() throws Exception {
    String toml = "algorithm = \"sha384\"\nversion = \"0.1.0\"\n[data]\n\"policy.rego\" = '''\n"
        + "package agent_policy\n'''\n";
    String doc = CloudConfig.render("{\"pod-name\":\"web\"}", "{\"auths\":{}}", toml);
    assertThat(doc).startsWith("#cloud-config\nwrite_files:\n");
    Map<String, String> files = files(doc);
    assertThat(files).containsOnlyKeys(CloudConfig.FORWARDER_CONFIG_PATH,
        CloudConfig.AUTH_JSON_PATH, CloudConfig.INITDATA_PATH);
    assertThat(files.get(CloudConfig.FORWARDER_CONFIG_PATH)).isEqualTo("{\"pod-name\":\"web\"}");
    byte[] gz = Base64.getDecoder().decode(files.get(CloudConfig.INITDATA_PATH));
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(toml);
    }
  }

  @Test
  void leavesOutWhatIsAbsentOrTooLarge() {
    String big = "{\"auths\":{\"r\":{\"auth\":\"" + "x".repeat(CloudConfig.AUTH_JSON_LIMIT)
        + "\"}}}";
    assertThat(CloudConfig.authJsonTooLarge(big)).isTrue();
    assertThat(files(CloudConfig.render("{}", big, null)))
        .containsOnlyKeys(CloudConfig.FORWARDER_CONFIG_PATH);
  }
}
