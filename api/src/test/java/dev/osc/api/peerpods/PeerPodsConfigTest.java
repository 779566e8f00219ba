package dev.osc.api.peerpods;

import static dev.osc.api.peerpods.DocExamples.awsConfigMap;
import static dev.osc.api.peerpods.DocExamples.awsSecret;
import static dev.osc.api.peerpods.DocExamples.libvirtConfigMap;
import static dev.osc.api.peerpods.DocExamples.libvirtSecret;
import static dev.osc.api.peerpods.DocExamples.map;
import static dev.osc.api.peerpods.DocExamples.with;
import static dev.osc.api.peerpods.DocExamples.without;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PeerPodsConfigTest {

  static Stream<Arguments> documentedExamples() {
    return Stream.of(
        Arguments.of("AWS 3.2", awsConfigMap(), awsSecret(), Provider.AWS),
        Arguments.of("IBM Z 6.2.4, 6.2.5", libvirtConfigMap(), libvirtSecret(), Provider.LIBVIRT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documentedExamples")
  void documentedExamplesParseCleanly(
      String source, Map<String, String> configMap, Map<String, String> secret, Provider provider) {
    ParseResult result = PeerPodsConfig.parse(configMap, secret);

    assertThat(result.problems()).isEmpty();
    assertThat(result.warnings()).isEmpty();
    PeerPodsConfig config = ((ParseResult.Valid) result).config();
    assertThat(config.provider()).isEqualTo(provider);
    assertThat(config.limitPerNode()).isEqualTo(10);
    assertThat(config.env()).containsAllEntriesOf(configMap);
  }

  private static final String CM = "peer-pods-cm: ";
  private static final String SECRET = "peer-pods-secret: ";
  private static final String LIST = "a comma-separated list without spaces is expected";
  private static final String DURATION = "a Go duration such as 5m, 90s or 1h30m is expected";
  private static final String PORT = "a port number from 1 to 65535 is expected";
  private static final String BOOLEAN = "\"true\" or \"false\" is expected";
  private static final String PAIRS =
      "key=value pairs separated by commas are expected, such as key1=value1,key2=value2";
  private static final String SUPPORTED = "supported values: aws, libvirt";

  private static Arguments aws(String expected, String... keysAndValues) {
    return Arguments.of(expected, with(awsConfigMap(), keysAndValues), awsSecret());
  }

  private static Arguments awsSecretWith(String expected, String... keysAndValues) {
    return Arguments.of(expected, awsConfigMap(), with(awsSecret(), keysAndValues));
  }

  private static Arguments libvirt(String expected, String... keysAndValues) {
    return Arguments.of(expected, with(libvirtConfigMap(), keysAndValues), libvirtSecret());
  }

  static Stream<Arguments> oneProblem() {
    return Stream.of(
        // CLOUD_PROVIDER
        aws(CM + "CLOUD_PROVIDER: required; " + SUPPORTED, "CLOUD_PROVIDER", null),
        aws(CM + "CLOUD_PROVIDER: required; " + SUPPORTED, "CLOUD_PROVIDER", ""),
        aws(
            CM + "CLOUD_PROVIDER: \"ibmcloud\": unsupported value; " + SUPPORTED,
            "CLOUD_PROVIDER",
            "ibmcloud"),
        aws(
            CM + "CLOUD_PROVIDER: \"AWS\": unsupported value; " + SUPPORTED,
            "CLOUD_PROVIDER",
            "AWS"),
        awsSecretWith(
            SECRET + "CLOUD_PROVIDER: differs from peer-pods-cm CLOUD_PROVIDER \"aws\"",
            "CLOUD_PROVIDER",
            "libvirt"),
        // Lists.
        aws(
            CM + "PODVM_INSTANCE_TYPES: \"t3.small, t3.large\": " + LIST,
            "PODVM_INSTANCE_TYPES",
            "t3.small, t3.large"),
        aws(
            CM + "PODVM_INSTANCE_TYPES: \"t3.small,,t3.large\": " + LIST,
            "PODVM_INSTANCE_TYPES",
            "t3.small,,t3.large"),
        aws(
            CM + "PODVM_INSTANCE_TYPES: \"t3.small,\": " + LIST,
            "PODVM_INSTANCE_TYPES",
            "t3.small,"),
        aws(CM + "AWS_SG_IDS: \"sg-1 sg-2\": " + LIST, "AWS_SG_IDS", "sg-1 sg-2"),
        // The limit.
        aws(
            CM + "PEERPODS_LIMIT_PER_NODE: \"ten\": not a whole number",
            "PEERPODS_LIMIT_PER_NODE",
            "ten"),
        aws(
            CM + "PEERPODS_LIMIT_PER_NODE: \"1.5\": not a whole number",
            "PEERPODS_LIMIT_PER_NODE",
            "1.5"),
        aws(
            CM + "PEERPODS_LIMIT_PER_NODE: \"1\\n0\": not a whole number",
            "PEERPODS_LIMIT_PER_NODE",
            "1\n0"),
        aws(CM + "PEERPODS_LIMIT_PER_NODE: \"-1\": at least 0", "PEERPODS_LIMIT_PER_NODE", "-1"),
        aws(
            CM + "PEERPODS_LIMIT_PER_NODE: \"99999999999\": at most 2147483647",
            "PEERPODS_LIMIT_PER_NODE",
            "99999999999"),
        // Root volume.
        aws(CM + "ROOT_VOLUME_SIZE: \"4\": at least 6 (GB)", "ROOT_VOLUME_SIZE", "4"),
        aws(CM + "ROOT_VOLUME_SIZE: \"6GB\": not a whole number", "ROOT_VOLUME_SIZE", "6GB"),
        libvirt(CM + "ROOT_VOLUME_SIZE: \"5\": at least 6 (GB)", "ROOT_VOLUME_SIZE", "5"),
        // Ports, durations, booleans, tags.
        aws(CM + "VXLAN_PORT: \"0\": " + PORT, "VXLAN_PORT", "0"),
        aws(CM + "VXLAN_PORT: \"65536\": " + PORT, "VXLAN_PORT", "65536"),
        aws(CM + "VXLAN_PORT: \"vxlan\": " + PORT, "VXLAN_PORT", "vxlan"),
        aws(CM + "FORWARDER_PORT: \"99999\": " + PORT, "FORWARDER_PORT", "99999"),
        aws(CM + "PROXY_TIMEOUT: \"5\": " + DURATION, "PROXY_TIMEOUT", "5"),
        aws(CM + "PROXY_TIMEOUT: \"5min\": " + DURATION, "PROXY_TIMEOUT", "5min"),
        aws(CM + "PROXY_TIMEOUT: \"-5m\": must not be negative", "PROXY_TIMEOUT", "-5m"),
        aws(CM + "DISABLECVM: \"yes\": " + BOOLEAN, "DISABLECVM", "yes"),
        aws(CM + "DISABLECVM: \"tRUE\": " + BOOLEAN, "DISABLECVM", "tRUE"),
        aws(CM + "USE_PUBLIC_IP: \"on\": " + BOOLEAN, "USE_PUBLIC_IP", "on"),
        aws(CM + "TAGS: \"key1:value1\": " + PAIRS, "TAGS", "key1:value1"),
        aws(
            CM + "TAGS: \"key1=value1, key2=value2\": " + PAIRS,
            "TAGS",
            "key1=value1, key2=value2"),
        // Required keys, per provider; an empty value is not set.
        aws(CM + "AWS_REGION: required for CLOUD_PROVIDER aws", "AWS_REGION", null),
        aws(CM + "AWS_SUBNET_ID: required for CLOUD_PROVIDER aws", "AWS_SUBNET_ID", ""),
        aws(CM + "AWS_VPC_ID: required for CLOUD_PROVIDER aws", "AWS_VPC_ID", null),
        aws(CM + "AWS_SG_IDS: required for CLOUD_PROVIDER aws", "AWS_SG_IDS", null),
        awsSecretWith(
            SECRET + "AWS_ACCESS_KEY_ID: required for CLOUD_PROVIDER aws",
            "AWS_ACCESS_KEY_ID",
            null),
        awsSecretWith(
            SECRET + "AWS_SECRET_ACCESS_KEY: required for CLOUD_PROVIDER aws",
            "AWS_SECRET_ACCESS_KEY",
            ""),
        libvirt(CM + "LIBVIRT_POOL: required for CLOUD_PROVIDER libvirt", "LIBVIRT_POOL", null),
        libvirt(
            CM + "LIBVIRT_VOL_NAME: required for CLOUD_PROVIDER libvirt", "LIBVIRT_VOL_NAME", null),
        Arguments.of(
            SECRET + "LIBVIRT_URI: required for CLOUD_PROVIDER libvirt",
            libvirtConfigMap(),
            without(libvirtSecret(), "LIBVIRT_URI")),
        libvirt(CM + "LIBVIRT_CPU: \"0\": at least 1", "LIBVIRT_CPU", "0"),
        libvirt(CM + "LIBVIRT_MEMORY: \"8G\": not a whole number", "LIBVIRT_MEMORY", "8G"),
        aws(
            CM + "CLOUD_PROVIDER: \"azure\": unsupported value; " + SUPPORTED,
            "CLOUD_PROVIDER",
            "azure"),
        // The adaptor's in-process provider is for the playground, never for a cluster.
        aws(
            CM + "CLOUD_PROVIDER: \"local\": unsupported value; " + SUPPORTED,
            "CLOUD_PROVIDER",
            "local"),
        aws(
            CM + "TAGS: tag key aws:team uses the prefix aws:, which AWS reserves",
            "TAGS",
            "aws:team=pay"),
        libvirt(
            CM
                + "LIBVIRT_LAUNCH_SECURITY: must be s390-pv when DISABLECVM is false: it is"
                + " the only confidential VM type the libvirt provider launches",
            "DISABLECVM",
            "false"),
        libvirt(
            CM + "INITDATA: version: must be \"0.1.0\", not \"0.2.0\"",
            "INITDATA",
            "version = \"0.2.0\"\nalgorithm = \"sha256\"\n[data]\n"),
        // A credential in the ConfigMap, even if the secret has it too.
        aws(
            CM + "AWS_SECRET_ACCESS_KEY: belongs in peer-pods-secret",
            "AWS_SECRET_ACCESS_KEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        libvirt(
            CM + "LIBVIRT_URI: belongs in peer-pods-secret",
            "LIBVIRT_URI",
            "qemu+ssh://root@192.168.122.1/system"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneProblem")
  void eachRuleNamesObjectKeyAndReason(
      String expected, Map<String, String> configMap, Map<String, String> secret) {
    ParseResult result = PeerPodsConfig.parse(configMap, secret);

    assertThat(result).isInstanceOf(ParseResult.Invalid.class);
    assertThat(result.problems()).extracting(Problem::message).containsExactly(expected);
  }

  @Test
  void allProblemsAreReportedTogetherSortedByObjectThenKey() {
    Map<String, String> configMap = new LinkedHashMap<>();
    configMap.put("TAGS", "oops");
    configMap.put("ROOT_VOLUME_SIZE", "4");
    configMap.put("AWS_SG_IDS", "sg-1");
    configMap.put("AWS_VPC_ID", "vpc-1");
    configMap.put("AWS_SUBNET_ID", "subnet-1");
    configMap.put("CLOUD_PROVIDER", "aws");
    Map<String, String> secret = map("CLOUD_PROVIDER", "gcp");

    assertThat(PeerPodsConfig.parse(configMap, secret).problems())
        .extracting(Problem::message)
        .containsExactly(
            CM + "AWS_REGION: required for CLOUD_PROVIDER aws",
            CM + "ROOT_VOLUME_SIZE: \"4\": at least 6 (GB)",
            CM + "TAGS: \"oops\": " + PAIRS,
            SECRET + "AWS_ACCESS_KEY_ID: required for CLOUD_PROVIDER aws",
            SECRET + "AWS_SECRET_ACCESS_KEY: required for CLOUD_PROVIDER aws",
            SECRET + "CLOUD_PROVIDER: differs from peer-pods-cm CLOUD_PROVIDER \"aws\"");
  }

  @Test
  void withAnUnknownProviderTheSharedKeysAreStillChecked() {
    Map<String, String> configMap =
        map(
            "CLOUD_PROVIDER", "ibmcloud",
            "PEERPODS_LIMIT_PER_NODE", "ten",
            "IBMCLOUD_VPC_ID", "r006-1234");

    ParseResult result = PeerPodsConfig.parse(configMap, Map.of());

    assertThat(result.problems())
        .extracting(Problem::message)
        .containsExactly(
            CM + "CLOUD_PROVIDER: \"ibmcloud\": unsupported value; " + SUPPORTED,
            CM + "PEERPODS_LIMIT_PER_NODE: \"ten\": not a whole number");
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void objectsWithoutDataAreReportedNotThrown() {
    assertThat(PeerPodsConfig.parse(null, null).problems())
        .extracting(Problem::message)
        .containsExactly(CM + "CLOUD_PROVIDER: required; " + SUPPORTED);
  }
}
