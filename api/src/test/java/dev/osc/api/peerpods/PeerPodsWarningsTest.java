package dev.osc.api.peerpods;

import static dev.osc.api.peerpods.DocExamples.awsConfigMap;
import static dev.osc.api.peerpods.DocExamples.awsSecret;
import static dev.osc.api.peerpods.DocExamples.libvirtConfigMap;
import static dev.osc.api.peerpods.DocExamples.libvirtSecret;
import static dev.osc.api.peerpods.DocExamples.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PeerPodsWarningsTest {

  static Stream<Arguments> oneWarning() {
    return Stream.of(
        Arguments.of(
            "peer-pods-cm: PEERPODS_LIMIT_PER_NOD: unknown key for CLOUD_PROVIDER aws;"
                + " did you mean PEERPODS_LIMIT_PER_NODE?",
            with(awsConfigMap(), "PEERPODS_LIMIT_PER_NOD", "20"),
            awsSecret()),
        Arguments.of(
            "peer-pods-cm: ROOT_VOLUME_SZIE: unknown key for CLOUD_PROVIDER aws;"
                + " did you mean ROOT_VOLUME_SIZE?",
            with(awsConfigMap(), "ROOT_VOLUME_SZIE", "20"),
            awsSecret()),
        Arguments.of(
            "peer-pods-cm: FUTURE_CAA_SETTING: unknown key for CLOUD_PROVIDER aws",
            with(awsConfigMap(), "FUTURE_CAA_SETTING", "x"),
            awsSecret()),
        Arguments.of(
            "peer-pods-cm: LIBVIRT_POOL: unknown key for CLOUD_PROVIDER aws",
            with(awsConfigMap(), "LIBVIRT_POOL", "default"),
            awsSecret()),
        Arguments.of(
            "peer-pods-cm: PODVM_INSTANCE_TYPE: unknown key for CLOUD_PROVIDER libvirt",
            with(libvirtConfigMap(), "PODVM_INSTANCE_TYPE", "t3.small"),
            libvirtSecret()),
        Arguments.of(
            "peer-pods-cm: VXLAN_PROT: unknown key for CLOUD_PROVIDER libvirt;"
                + " did you mean VXLAN_PORT?",
            with(libvirtConfigMap(), "VXLAN_PROT", "9000"),
            libvirtSecret()),
        Arguments.of(
            "peer-pods-secret: AWS_ACCES_KEY_ID: unknown key for CLOUD_PROVIDER aws;"
                + " did you mean AWS_ACCESS_KEY_ID?",
            awsConfigMap(),
            with(awsSecret(), "AWS_ACCES_KEY_ID", "AKIA")),
        Arguments.of(
            "peer-pods-secret: AWS_REGION: belongs in peer-pods-cm",
            awsConfigMap(),
            with(awsSecret(), "AWS_REGION", "us-east-2")),
        Arguments.of(
            "peer-pods-secret: LIBVIRT_POOL: belongs in peer-pods-cm",
            libvirtConfigMap(),
            with(libvirtSecret(), "LIBVIRT_POOL", "default")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneWarning")
  void unknownKeysAreAllowedButShown(
      String expected, Map<String, String> configMap, Map<String, String> secret) {
    ParseResult result = PeerPodsConfig.parse(configMap, secret);

    assertThat(result).isInstanceOf(ParseResult.Valid.class);
    assertThat(result.warnings()).extracting(Problem::message).containsExactly(expected);
  }

  @Test
  void aTypoedKeyDoesNotSetTheRealOne() {
    ParseResult result =
        PeerPodsConfig.parse(
            with(awsConfigMap(), "PEERPODS_LIMIT_PER_NODE", null, "PEERPODS_LIMIT_PER_NOD", "20"),
            awsSecret());

    PeerPodsConfig config = ((ParseResult.Valid) result).config();
    assertThat(config.limitPerNode()).isEqualTo(10);
    assertThat(config.env()).containsEntry("PEERPODS_LIMIT_PER_NOD", "20");
  }

  @Test
  void warningsAreKeptWithProblemsAndSortedByObjectThenKey() {
    ParseResult result =
        PeerPodsConfig.parse(
            with(awsConfigMap(), "ZZ_UNKNOWN", "1", "AA_UNKNOWN", "2", "ROOT_VOLUME_SIZE", "1"),
            with(awsSecret(), "AWS_REGION", "us-east-2"));

    assertThat(result.problems()).extracting(Problem::key).containsExactly("ROOT_VOLUME_SIZE");
    assertThat(result.warnings())
        .extracting(Problem::message)
        .containsExactly(
            "peer-pods-cm: AA_UNKNOWN: unknown key for CLOUD_PROVIDER aws",
            "peer-pods-cm: ZZ_UNKNOWN: unknown key for CLOUD_PROVIDER aws",
            "peer-pods-secret: AWS_REGION: belongs in peer-pods-cm");
  }
}
