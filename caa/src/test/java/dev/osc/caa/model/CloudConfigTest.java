package dev.osc.caa.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class CloudConfigTest {
  @Test
  void carriesTheForwarderConfigCredentialsAndInitdata() throws Exception {
    String toml = "algorithm = \"sha384\"\nversion = \"0.1.0\"\n[data]\n\"policy.rego\" = '''\n"
        + "package agent_policy\n'''\n";
    String doc = CloudConfig.render("{\"pod-name\":\"web\"}", "{\"auths\":{}}", toml);
    assertThat(doc).startsWith("#cloud-config\nwrite_files:\n");
    Map<String, String> files = CloudConfig.files(doc);
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
    assertThat(CloudConfig.files(CloudConfig.render("{}", big, null)))
        .containsOnlyKeys(CloudConfig.FORWARDER_CONFIG_PATH);
  }
}
