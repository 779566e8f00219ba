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
        "libvirt | PODVM_IMAGE_URI=                                          | podvm-base.qcow2               | oci::quay.io/confidential-containers/podvm-generic-ubuntu-s390x:latest::/image/podvm.qcow2",
        "libvirt |                                                           | podvm-base.qcow2               | oci::quay.io/confidential-containers/podvm-generic-ubuntu-s390x:latest::/image/podvm.qcow2",
      })
  void requests(String provider, String env, String name, String source) {
    assertThat(ImageRequests.of(Provider.fromValue(provider).orElseThrow(), env(env), NOW))
        .isEqualTo(new ImageRequest(name, source));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "                                                           | podvm-image-0.0.20250304050607 | oci::registry.redhat.io/openshift-sandboxed-containers/osc-dm-verity-image:1.12.0::/image/podvm.qcow2 | | 0",
        "PODVM_IMAGE_URI=oci::quay.io/p:1,BUCKET_NAME=my-bucket     | podvm-image-0.0.20250304050607 | oci::quay.io/p:1                | my-bucket | 0",
        "AMI_VERSION=0.0.1,AMI_VOLUME_SIZE=30                       | podvm-image-0.0.1.20250304050607 | oci::registry.redhat.io/openshift-sandboxed-containers/osc-dm-verity-image:1.12.0::/image/podvm.qcow2 | | 30",
        "AMI_VERSION=0.0.1,AMI_VERSION_MAJ_MIN=2.1,PODVM_IMAGE_URI=file::/d.raw | podvm-image-2.1.20250304050607 | /d.raw                | | 0",
      })
  void awsImportsADisk(String env, String name, String source, String bucket, int gib) {
    assertThat(ImageRequests.of(Provider.AWS, env(env), NOW))
        .isEqualTo(new ImageRequest(name, source, bucket == null ? "" : bucket, gib));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "aws     | BUCKET_NAME=My_Bucket                         | BUCKET_NAME: 'My_Bucket' is not an S3 bucket name",
        "aws     | AMI_VOLUME_SIZE=30G                           | AMI_VOLUME_SIZE: '30G' is not a size in GiB",
        "aws     | PODVM_IMAGE_URI=docker.io/podvm               | PODVM_IMAGE_URI: 'docker.io/podvm' is not oci::<image>::<path> or file::<path",
        "aws     | PODVM_SNAPSHOT_ID=ami-0123456789abcdef0       | PODVM_SNAPSHOT_ID: 'ami-0123456789abcdef0' is not a snapshot id",
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
    if (pairs != null && !pairs.isBlank()) {
      for (String pair : pairs.split(",", -1)) {
        int eq = pair.indexOf('=');
        env.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return env;
  }
}
