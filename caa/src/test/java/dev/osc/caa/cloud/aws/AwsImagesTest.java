package dev.osc.caa.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.image.ImageRequest;
import dev.osc.testkit.ec2.Ec2Call;
import dev.osc.testkit.ec2.Ec2Endpoint;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AMI from a snapshot, against EC2's query protocol on loopback. */
class AwsImagesTest {
  static final AwsImages.Wait FAST =
      new AwsImages.Wait(Duration.ofMillis(20), Duration.ofSeconds(5));

  Ec2Endpoint ec2;
  AwsImages images;
  String snapshot;

  @BeforeEach
  void start() throws Exception {
    ec2 = Ec2Endpoint.start().imagePendingFor(Duration.ofMillis(150));
    snapshot = ec2.createSnapshot(20);
    images = start(FAST);
  }

  /** From a snapshot: no disk to pull or import. */
  private AwsImages start(AwsImages.Wait wait) throws CloudException {
    return AwsImages.start(
        settings(), null, wait, SnapshotImport.Wait.DEFAULT, SnapshotImport.PART);
  }

  /** What the image Job reads: peer-pods-cm before the image exists. */
  private AwsSettings settings() {
    return AwsSettingsTest.settings(
        AwsSettingsTest.env(
            "PODVM_AMI_ID",
            "",
            "AWS_REGION",
            "eu-west-1",
            "AWS_ACCESS_KEY_ID",
            MotoEc2.ACCESS_KEY,
            "AWS_ENDPOINT_URL",
            ec2.uri().toString()));
  }

  @AfterEach
  void stop() {
    images.close();
    ec2.close();
  }

  @Test
  void registersAUefiAmiFromTheSnapshotAndWaitsUntilAvailable() throws CloudException {
    String id = images.create(new ImageRequest("podvm-image-0.0.20250101000000", snapshot));

    assertThat(id).matches("ami-[0-9a-f]{17}");
    assertThat(ec2.hasImage(id)).isTrue();
    Ec2Call register = ec2.calls("RegisterImage").get(0);
    assertThat(register.params())
        .containsEntry("Name", "podvm-image-0.0.20250101000000")
        .containsEntry("Architecture", "x86_64")
        .containsEntry("BootMode", "uefi")
        .containsEntry("EnaSupport", "true")
        .containsEntry("RootDeviceName", "/dev/xvda")
        .containsEntry("VirtualizationType", "hvm")
        .containsEntry("BlockDeviceMapping.1.DeviceName", "/dev/xvda")
        .containsEntry("BlockDeviceMapping.1.Ebs.SnapshotId", snapshot);
    // pending for 150 ms, polled every 20 ms
    assertThat(ec2.calls("DescribeImages")).hasSizeGreaterThan(1);
  }

  @Test
  void anUnknownSnapshotIsEc2sError() {
    assertThatThrownBy(() -> images.create(new ImageRequest("podvm-x", "snap-0123456789abcdef0")))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining("InvalidSnapshot.NotFound");
  }

  @Test
  void aNameInUseIsRefusedByEc2() throws CloudException {
    images.create(new ImageRequest("podvm-same", snapshot));
    assertThatThrownBy(() -> images.create(new ImageRequest("podvm-same", snapshot)))
        .hasMessageContaining("InvalidAMIName.Duplicate");
  }

  @Test
  void anImageNotAvailableInTimeIsDeregistered() throws Exception {
    ec2.imagePendingFor(Duration.ofMinutes(5));
    try (AwsImages slow =
        start(new AwsImages.Wait(Duration.ofMillis(20), Duration.ofMillis(200)))) {
      assertThatThrownBy(() -> slow.create(new ImageRequest("podvm-slow", snapshot)))
          .hasMessageContaining("not available after")
          .hasMessageContaining("pending");
    }
    String id = ec2.calls("DeregisterImage").get(0).param("ImageId");
    assertThat(ec2.hasImage(id)).isFalse();
  }

  @Test
  void deleteDeregistersAndAGoneImageIsFine() throws CloudException {
    String id = images.create(new ImageRequest("podvm-gone", snapshot));
    images.delete(id);
    assertThat(ec2.hasImage(id)).isFalse();
    images.delete(id);
    assertThat(ec2.calls("DeregisterImage")).hasSize(1);
    // The user's PODVM_SNAPSHOT_ID carries no import tag: it is not deleted.
    assertThat(ec2.calls("DeleteSnapshot")).isEmpty();
  }
}
