package dev.osc.api.peerpods;

import static dev.osc.api.peerpods.DocExamples.awsConfigMap;
import static dev.osc.api.peerpods.DocExamples.awsSecret;
import static dev.osc.api.peerpods.DocExamples.map;
import static dev.osc.api.peerpods.DocExamples.with;
import static dev.osc.api.peerpods.DocExamples.without;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContentHashTest {

  private static String hash(Map<String, String> configMap, Map<String, String> secret) {
    ParseResult result = PeerPodsConfig.parse(configMap, secret);
    assertThat(result.problems()).isEmpty();
    return ((ParseResult.Valid) result).config().contentHash();
  }

  private static final String BASE = hash(awsConfigMap(), awsSecret());

  @Test
  void isSha256InHex() {
    assertThat(BASE).matches("[0-9a-f]{64}");
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        Arguments.of(
            "a ConfigMap value",
            with(awsConfigMap(), "PEERPODS_LIMIT_PER_NODE", "11"),
            awsSecret()),
        Arguments.of(
            "the image id written back by the image job",
            with(awsConfigMap(), "PODVM_AMI_ID", "ami-0ffffffffffffffff"),
            awsSecret()),
        Arguments.of(
            "an unknown ConfigMap key", with(awsConfigMap(), "NEW_KNOB", "1"), awsSecret()),
        Arguments.of(
            "a secret value",
            awsConfigMap(),
            with(awsSecret(), "AWS_SECRET_ACCESS_KEY", "rotated/K7MDENG/bPxRfiCYEXAMPLEKEY")),
        Arguments.of(
            "an added secret key", awsConfigMap(), with(awsSecret(), "AWS_SESSION_TOKEN", "token")),
        Arguments.of(
            "an empty secret key", awsConfigMap(), with(awsSecret(), "AWS_SESSION_TOKEN", "")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void changesWithTheContent(
      String change, Map<String, String> configMap, Map<String, String> secret) {
    assertThat(hash(configMap, secret)).isNotEqualTo(BASE);
  }

  @Test
  void isStableAndIgnoresKeyOrder() {
    assertThat(hash(reversed(awsConfigMap()), reversed(awsSecret()))).isEqualTo(BASE);
    assertThat(hash(awsConfigMap(), awsSecret())).isEqualTo(BASE);
  }

  @Test
  void anExplicitDefaultIsTheSameContentAsNone() {
    Map<String, String> defaulted =
        without(
            awsConfigMap(),
            "VXLAN_PORT",
            "PROXY_TIMEOUT",
            "PEERPODS_LIMIT_PER_NODE",
            "ROOT_VOLUME_SIZE",
            "DISABLECVM");

    assertThat(hash(defaulted, awsSecret())).isEqualTo(BASE);
  }

  @Test
  void entriesAndObjectsDoNotRunTogether() {
    assertThat(ContentHash.of(map("A", "BC"), Map.of()))
        .isNotEqualTo(ContentHash.of(map("AB", "C"), Map.of()));
    assertThat(ContentHash.of(map("A", "B"), Map.of()))
        .isNotEqualTo(ContentHash.of(Map.of(), map("A", "B")));
  }

  private static Map<String, String> reversed(Map<String, String> data) {
    List<String> keys = new ArrayList<>(data.keySet());
    Collections.reverse(keys);
    Map<String, String> copy = new LinkedHashMap<>();
    keys.forEach(k -> copy.put(k, data.get(k)));
    return copy;
  }
}
