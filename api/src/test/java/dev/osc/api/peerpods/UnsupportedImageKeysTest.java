package dev.osc.api.peerpods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.peerpods.UnsupportedImageKeys.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnsupportedImageKeysTest {

  /** The IBM Z guide's libvirt-podvm-image-cm (6.2.6), placeholders filled in. */
  static Map<String, String> docsLibvirt() {
    Map<String, String> cm = new LinkedHashMap<>();
    cm.put("PODVM_DISTRO", "rhel");
    cm.put("DOWNLOAD_SOURCES", "no");
    cm.put("CAA_SRC", "https://github.com/confidential-containers/cloud-api-adaptor");
    cm.put("CAA_REF", "main");
    cm.put("CONFIDENTIAL_COMPUTE_ENABLED", "yes");
    cm.put("UPDATE_PEERPODS_CM", "yes");
    cm.put("ORG_ID", "12345678");
    cm.put("ACTIVATION_KEY", "my-activation-key");
    cm.put("IMAGE_NAME", "podvm-libvirt.qcow2");
    cm.put("PODVM_IMAGE_URI", "");
    cm.put("SE_BOOT", "true");
    cm.put("BASE_OS_VERSION", "9.6");
    return cm;
  }

  @org.junit.jupiter.api.Test
  void everyKeyOfTheIbmZGuideIsUsedOrReported() {
    List<Finding> findings = UnsupportedImageKeys.of(Provider.LIBVIRT, docsLibvirt());

    assertThat(findings)
        .extracting(Finding::key)
        .containsExactly(
            "ACTIVATION_KEY",
            "BASE_OS_VERSION",
            "CAA_REF",
            "CAA_SRC",
            "CONFIDENTIAL_COMPUTE_ENABLED",
            "ORG_ID",
            "PODVM_DISTRO",
            "SE_BOOT");
    // Used: UPDATE_PEERPODS_CM, IMAGE_NAME, PODVM_IMAGE_URI (empty: the default image);
    // DOWNLOAD_SOURCES "no" asks for nothing osc would not do.
    assertThat(findings.get(7).message())
        .isEqualTo(
            "SE_BOOT is not supported by this operator: 'true': osc cannot build an IBM Secure"
                + " Execution image; it uses the prebuilt disk of PODVM_IMAGE_URI as it is (set"
                + " SE_BOOT to \"false\", and name a Secure Execution image in PODVM_IMAGE_URI"
                + " to run one)");
    assertThat(findings)
        .extracting(Finding::message)
        .noneMatch(m -> m.contains("my-activation-key") || m.contains("12345678"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "libvirt | SE_BOOT=false                  | ",
        "libvirt | SE_BOOT=                       | ",
        "libvirt | IMAGE_NAME=x.qcow2             | ",
        "libvirt | ORG_ID=1                       | ORG_ID is not supported by this operator: osc builds no pod VM image; it uses the prebuilt disk of PODVM_IMAGE_URI as it is",
        "libvirt | DOWNLOAD_SOURCES=yes           | DOWNLOAD_SOURCES is not supported by this operator: 'yes': osc builds no pod VM image; it uses the prebuilt disk of PODVM_IMAGE_URI as it is (set it to \"no\")",
        "libvirt | BUCKET_NAME=b                  | BUCKET_NAME is not supported by this operator: it is not a key of libvirt-podvm-image-cm",
        "libvirt | SE_BOT=true                    | SE_BOT is not supported by this operator: it is not a key of libvirt-podvm-image-cm",
        "aws     | BUCKET_NAME=b                  | ",
        "aws     | AMI_VOLUME_SIZE=30             | ",
        "aws     | AMI_VERSION=0.0.1              | ",
        "aws     | INSTALL_PACKAGES=no            | ",
        "aws     | INSTALL_PACKAGES=yes           | INSTALL_PACKAGES is not supported by this operator: 'yes': osc builds no pod VM image; it uses the prebuilt disk of PODVM_IMAGE_URI as it is (set it to \"no\")",
        "aws     | PODVM_DISTRO=rhel              | PODVM_DISTRO is not supported by this operator: osc builds no pod VM image; it uses the prebuilt disk of PODVM_IMAGE_URI as it is",
        "aws     | IMAGE_NAME=x                   | IMAGE_NAME is not supported by this operator: it is not a key of aws-podvm-image-cm",
        "aws     | SE_BOOT=true                   | SE_BOOT is not supported by this operator: 'true': osc cannot build an IBM Secure Execution image; it uses the prebuilt disk of PODVM_IMAGE_URI as it is (set SE_BOOT to \"false\", and name a Secure Execution image in PODVM_IMAGE_URI to run one)",
        "local   | PODVM_DISTRO=rhel              | ",
      })
  void oneKey(String provider, String pair, String message) {
    int eq = pair.indexOf('=');
    List<Finding> findings =
        UnsupportedImageKeys.of(
            Provider.fromValue(provider).orElseThrow(),
            Map.of(pair.substring(0, eq), pair.substring(eq + 1)));
    if (message == null) {
      assertThat(findings).isEmpty();
    } else {
      assertThat(findings).extracting(Finding::message).containsExactly(message);
    }
  }
}
