package dev.osc.api.peerpods;

import static dev.osc.api.peerpods.DocExamples.awsConfigMap;
import static dev.osc.api.peerpods.DocExamples.awsSecret;
import static dev.osc.api.peerpods.DocExamples.libvirtSecret;
import static dev.osc.api.peerpods.DocExamples.map;
import static dev.osc.api.peerpods.DocExamples.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PeerPodsDefaultsTest {

  private static final Map<String, String> AWS =
      map(
          "CLOUD_PROVIDER",
          "aws",
          "AWS_REGION",
          "us-east-2",
          "AWS_SUBNET_ID",
          "subnet-1",
          "AWS_VPC_ID",
          "vpc-1",
          "AWS_SG_IDS",
          "sg-1");
  private static final Map<String, String> LIBVIRT =
      map("CLOUD_PROVIDER", "libvirt", "LIBVIRT_POOL", "pool", "LIBVIRT_VOL_NAME", "vol");

  private static PeerPodsConfig valid(Map<String, String> configMap, Map<String, String> secret) {
    ParseResult result = PeerPodsConfig.parse(configMap, secret);
    assertThat(result.problems()).isEmpty();
    return ((ParseResult.Valid) result).config();
  }

  private static PeerPodsConfig minimal(String provider) {
    return switch (provider) {
      case "aws" -> valid(AWS, awsSecret());
      default -> valid(LIBVIRT, libvirtSecret());
    };
  }

  @Test
  void theMinimalAwsConfigMapIsCompletedWithTheGuideValues() {
    assertThat(minimal("aws").env())
        .containsExactly(
            entry("AWS_MAX_CONCURRENT_CALLS", "10"),
            entry("AWS_REGION", "us-east-2"),
            entry("AWS_SG_IDS", "sg-1"),
            entry("AWS_SUBNET_ID", "subnet-1"),
            entry("AWS_VPC_ID", "vpc-1"),
            entry("CLOUD_PROVIDER", "aws"),
            entry("DISABLECVM", "true"),
            entry("FORWARDER_PORT", "15150"),
            entry("PEERPODS_LIMIT_PER_NODE", "10"),
            entry("PODVM_INSTANCE_TYPE", "t3.medium"),
            entry("PROXY_TIMEOUT", "5m"),
            entry("ROOT_VOLUME_SIZE", "6"),
            entry("TUNNEL_TYPE", "vxlan"),
            entry("USE_PODVM_LAUNCHTEMPLATE", "false"),
            entry("USE_PUBLIC_IP", "false"),
            entry("VXLAN_MIN_ID", "555000"),
            entry("VXLAN_PORT", "9000"));
  }

  @ParameterizedTest(name = "{0}: {1}={2}")
  @CsvSource({
    "aws,     PEERPODS_LIMIT_PER_NODE, 10",
    "aws,     PROXY_TIMEOUT,           5m",
    "aws,     VXLAN_PORT,              9000",
    "aws,     PODVM_INSTANCE_TYPE,     t3.medium",
    "aws,     ROOT_VOLUME_SIZE,        6",
    "aws,     DISABLECVM,              true",
    "libvirt, PEERPODS_LIMIT_PER_NODE, 10",
    "libvirt, LIBVIRT_DIR_NAME,        /var/lib/libvirt/images/",
    "libvirt, LIBVIRT_NET,             default",
    "libvirt, ROOT_VOLUME_SIZE,        6",
    "libvirt, DISABLECVM,              true",
    "libvirt, PROXY_TIMEOUT,           5m",
    "libvirt, VXLAN_PORT,              4789",
    "libvirt, LIBVIRT_CPU,             2",
    "libvirt, LIBVIRT_MEMORY,          8192",
    "libvirt, LIBVIRT_ROOT_DISK_SIZE,  10",
  })
  void unsetKeysGetTheirDefault(String provider, String key, String value) {
    assertThat(minimal(provider).env()).containsEntry(key, value);
  }

  /** Keys without a default stay unset; the adaptor reads them as unset too. */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "aws,     PODVM_INSTANCE_TYPES",
    "aws,     PODVM_AMI_ID",
    "aws,     TAGS",
    "libvirt, LIBVIRT_IMAGE_ID",
    "libvirt, LIBVIRT_CPUSET",
  })
  void keysWithoutADocumentedDefaultStayUnset(String provider, String key) {
    assertThat(minimal(provider).env()).doesNotContainKey(key);
  }

  static Stream<Arguments> limits() {
    return Stream.of(
        Arguments.of("absent", null, 10),
        Arguments.of("empty", "", 10),
        Arguments.of("zero: no peer pods on the node", "0", 0),
        Arguments.of("given", "25", 25));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("limits")
  void limitPerNodeIsTheConfigMapValueOrTen(String name, String value, int expected) {
    PeerPodsConfig config =
        valid(with(awsConfigMap(), "PEERPODS_LIMIT_PER_NODE", value), awsSecret());

    assertThat(config.limitPerNode()).isEqualTo(expected);
    assertThat(config.env()).containsEntry("PEERPODS_LIMIT_PER_NODE", String.valueOf(expected));
  }

  @Test
  void blankValuesAreUnsetAndGetTheDefault() {
    PeerPodsConfig config =
        valid(with(LIBVIRT, "LIBVIRT_NET", "  ", "DISABLECVM", ""), libvirtSecret());

    assertThat(config.env()).contains(entry("LIBVIRT_NET", "default"), entry("DISABLECVM", "true"));
  }

  @Test
  void givenValuesWinOverDefaults() {
    PeerPodsConfig config =
        valid(
            with(
                AWS,
                "VXLAN_PORT",
                "4789",
                "ROOT_VOLUME_SIZE",
                "30",
                "PODVM_INSTANCE_TYPE",
                "m6a.large",
                "DISABLECVM",
                "false"),
            awsSecret());

    assertThat(config.env())
        .contains(
            entry("VXLAN_PORT", "4789"),
            entry("ROOT_VOLUME_SIZE", "30"),
            entry("PODVM_INSTANCE_TYPE", "m6a.large"),
            entry("DISABLECVM", "false"));
  }

  @Test
  void unknownKeysAndEmptyValuesArePassedOnAsGiven() {
    PeerPodsConfig config = valid(with(AWS, "NEW_CAA_KNOB", "on", "PODVM_AMI_ID", ""), awsSecret());

    assertThat(config.env()).contains(entry("NEW_CAA_KNOB", "on"), entry("PODVM_AMI_ID", ""));
  }

  @Test
  void theEnvironmentHoldsNoSecretKey() {
    assertThat(minimal("aws").env())
        .doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void theEnvironmentCannotBeChanged() {
    Map<String, String> env = minimal("aws").env();

    assertThatThrownBy(() -> env.put("VXLAN_PORT", "1"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
