package dev.osc.caa.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.api.peerpods.Provider;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageRequestsTest {
  static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "aws     | PODVM_SNAPSHOT_ID=snap-0123456789abcdef0                  | podvm-image-0.0.20250304050607 | snap-0123456789abcdef0",
        "aws     | PODVM_SNAPSHOT_ID=snap-0123456789abcdef0,AMI_BASE_NAME=osc,AMI_VERSION_MAJ_MIN=1.2 | osc-1.2.20250304050607 | snap-0123456789abcdef0",
        "libvirt | PODVM_IMAGE_URI=file::/images/podvm.qcow2                 | podvm-base.qcow2               | /images/podvm.qcow2",
        "libvirt | PODVM_IMAGE_URI=file::/i/p.qcow2,IMAGE_NAME=rhel-podvm.qcow2 | rhel-podvm.qcow2            | /i/p.qcow2",
        "libvirt | PODVM_IMAGE_URI=oci::quay.io/p:1::/image/podvm.qcow2    | podvm-base.qcow2               | oci::quay.io/p:1::/image/podvm.qcow2",
      })
  void requests(String provider, String env, String name, String source) {
    assertThat(ImageRequests.of(Provider.fromValue(provider).orElseThrow(), env(env), NOW))
        .isEqualTo(new ImageRequest(name, source));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "aws     |                                               | PODVM_SNAPSHOT_ID is required in aws-podvm-image-cm",
        "aws     | PODVM_SNAPSHOT_ID=ami-0123456789abcdef0       | PODVM_SNAPSHOT_ID: 'ami-0123456789abcdef0' is not a snapshot id",
        "libvirt |                                               | PODVM_IMAGE_URI is required in libvirt-podvm-image-cm",
        "libvirt | PODVM_IMAGE_URI=oci::quay.io/p:1::image    | PODVM_IMAGE_URI: 'oci::quay.io/p:1::image': the path in the image must be absolute",
        "libvirt | PODVM_IMAGE_URI=bootc::quay.io/p:1            | PODVM_IMAGE_URI: 'bootc::' images are not supported by osc",
        "libvirt | PODVM_IMAGE_URI=/images/podvm.qcow2           | PODVM_IMAGE_URI: '/images/podvm.qcow2' is not oci::<image>::<path> or file::<path",
        "libvirt | PODVM_IMAGE_URI=file::                        | PODVM_IMAGE_URI: 'file::' is not oci::<image>::<path> or file::<path",
        "local   |                                               | CLOUD_PROVIDER: pod VM images are made for aws and libvirt only, not 'local'",
      })
  void errorsNameTheKey(String provider, String env, String message) {
    assertThatThrownBy(
            () -> ImageRequests.of(Provider.fromValue(provider).orElseThrow(), env(env), NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  private static Map<String, String> env(String pairs) {
    Map<String, String> env = new HashMap<>();
    if (pairs != null) {
      for (String pair : pairs.split(",", -1)) {
        int eq = pair.indexOf('=');
        env.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return env;
  }
}
