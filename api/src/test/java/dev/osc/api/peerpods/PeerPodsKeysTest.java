package dev.osc.api.peerpods;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The catalog is consistent: what users are told and given is something the parsers accept. */
class PeerPodsKeysTest {

  static Stream<Key<?>> keys() {
    return PeerPodsKeys.ALL.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keys")
  void everyDefaultIsAValueTheKeyAccepts(Key<?> key) {
    for (Provider provider : Provider.values()) {
      key.defaultFor(provider)
          .ifPresent(
              value ->
                  assertThat((Object) key.parse(value)).as(key + " for " + provider).isNotNull());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keys")
  void everyKeySaysWhatItIsForAndIsDefinedOnce(Key<?> key) {
    assertThat(key.help()).isNotBlank();
    assertThat(PeerPodsKeys.ALL).filteredOn(k -> k.name().equals(key.name())).hasSize(1);
    assertThat(PeerPodsKeys.named(key.name())).containsSame(key);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keys")
  void secretKeysNeverShowTheirValue(Key<?> key) {
    if (key.source() == Source.SECRET) {
      assertThat(key.showsValue()).isFalse();
    }
  }

  @org.junit.jupiter.api.Test
  void theCatalogHasEveryKeyTheDocumentsConfigure() {
    assertThat(PeerPodsKeys.ALL)
        .extracting(Key::name)
        .contains(
            "CLOUD_PROVIDER",
            "VXLAN_PORT",
            "PROXY_TIMEOUT",
            "PODVM_INSTANCE_TYPE",
            "PODVM_INSTANCE_TYPES",
            "PODVM_AMI_ID",
            "AWS_REGION",
            "AWS_SUBNET_ID",
            "AWS_VPC_ID",
            "AWS_SG_IDS",
            "TAGS",
            "PEERPODS_LIMIT_PER_NODE",
            "ROOT_VOLUME_SIZE",
            "DISABLECVM",
            "LIBVIRT_URI",
            "LIBVIRT_POOL",
            "LIBVIRT_VOL_NAME",
            "LIBVIRT_DIR_NAME",
            "LIBVIRT_NET");
  }
}
