package dev.osc.caa.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryAuthTest {
  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void mergesPullSecretsOfBothFormatsFirstOneWinning() {
    var clusterPullSecret =
        Map.of(
            RegistryAuth.DOCKER_CONFIG_JSON,
            b64(
                "{\"auths\":{\"registry.redhat.io\":{\"auth\":\"cmg6c2VjcmV0\",\"email\":\"a@b\"},"
                    + "\"quay.io\":{\"username\":\"bob\",\"password\":\"pw\"}}}"));
    var older =
        Map.of(
            RegistryAuth.DOCKER_CFG,
            b64("{\"quay.io\":{\"auth\":\"b3RoZXI=\"},\"ghcr.io\":{\"auth\":\"Z2g6dG9r\"}}"));
    assertThat(RegistryAuth.merge(List.of(clusterPullSecret, older)))
        .isEqualTo(
            "{\"auths\":{\"registry.redhat.io\":{\"auth\":\"cmg6c2VjcmV0\"},"
                + "\"quay.io\":{\"auth\":\""
                + b64("bob:pw")
                + "\"},"
                + "\"ghcr.io\":{\"auth\":\"Z2g6dG9r\"}}}");
  }

  @Test
  void nothingUsableIsNull() {
    assertThat(RegistryAuth.merge(List.of())).isNull();
    assertThat(
            RegistryAuth.merge(
                List.of(
                    Map.of("token", b64("x")),
                    Map.of(RegistryAuth.DOCKER_CONFIG_JSON, b64("not json")),
                    Map.of(RegistryAuth.DOCKER_CONFIG_JSON, "%%%"))))
        .isNull();
  }
}
