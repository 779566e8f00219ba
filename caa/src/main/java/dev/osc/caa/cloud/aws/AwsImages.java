package dev.osc.caa.cloud.aws;

import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.image.ImageRequest;
import dev.osc.caa.image.PodVmImages;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ArchitectureValues;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.BootModeValues;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * The pod VM image as an AMI registered from an EBS snapshot of a pod VM disk: root device {@code
 * /dev/xvda} on a gp3 volume deleted with the instance, x86_64, ENA, hardware virtual machine, and
 * UEFI boot (AMD SEV-SNP, used when DISABLECVM=false, boots only UEFI images, and every Nitro
 * instance type boots UEFI too; the disk must carry an EFI system partition).
 *
 * <p>Creation waits until EC2 says {@code available}; an image that fails or does not become
 * available in time is deregistered, so nothing half-made is left behind. Deletion deregisters the
 * AMI and keeps the snapshot: it is the user's input, and the next creation needs it.
 */
public final class AwsImages implements PodVmImages {
  static final String ROOT_DEVICE = "/dev/xvda";
  private static final String NOT_FOUND = "InvalidAMIID.NotFound";
  private static final Logger log = LoggerFactory.getLogger(AwsImages.class);

  private final Ec2Client ec2;
  private final Ec2Calls calls;
  private final Wait wait;

  private AwsImages(Ec2Client ec2, Ec2Calls calls, Wait wait) {
    this.ec2 = ec2;
    this.calls = calls;
    this.wait = wait;
  }

  /** Connects with AWS_REGION, the credentials and AWS_ENDPOINT_URL of the settings. */
  public static AwsImages start(AwsSettings settings) throws CloudException {
    return start(settings, Wait.DEFAULT);
  }

  static AwsImages start(AwsSettings settings, Wait wait) throws CloudException {
    return new AwsImages(
        Ec2Clients.create(settings, null),
        new Ec2Calls(Ec2Calls.Policy.of(settings.maxConcurrentCalls())),
        wait);
  }

  @Override
  public String create(ImageRequest request) throws CloudException {
    String id =
        calls
            .call(
                "RegisterImage",
                () ->
                    ec2.registerImage(
                        r ->
                            r.name(request.name())
                                .description("OpenShift sandboxed containers pod VM image")
                                .architecture(ArchitectureValues.X86_64)
                                .rootDeviceName(ROOT_DEVICE)
                                .blockDeviceMappings(
                                    BlockDeviceMapping.builder()
                                        .deviceName(ROOT_DEVICE)
                                        .ebs(
                                            EbsBlockDevice.builder()
                                                .snapshotId(request.source())
                                                .volumeType(VolumeType.GP3)
                                                .deleteOnTermination(true)
                                                .build())
                                        .build())
                                .virtualizationType("hvm")
                                .enaSupport(true)
                                .bootMode(BootModeValues.UEFI)))
            .imageId();
    log.info(
        "registered {} as {} from snapshot {}; waiting until it is available",
        request.name(),
        id,
        request.source());
    try {
      awaitAvailable(id);
    } catch (CloudException e) {
      try {
        delete(id);
      } catch (CloudException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    return id;
  }

  @Override
  public void delete(String imageId) throws CloudException {
    try {
      calls.call("DeregisterImage", () -> ec2.deregisterImage(r -> r.imageId(imageId)));
      log.info("deregistered {}", imageId);
    } catch (Ec2CallException e) {
      if (!NOT_FOUND.equals(e.code())) {
        throw e;
      }
      log.info("{} is already gone", imageId);
    }
  }

  @Override
  public void close() {
    ec2.close();
  }

  private void awaitAvailable(String id) throws CloudException {
    long deadline = System.nanoTime() + wait.timeout().toNanos();
    String state = "unknown";
    while (true) {
      try {
        var images =
            calls.call("DescribeImages", () -> ec2.describeImages(r -> r.imageIds(id))).images();
        if (!images.isEmpty()) {
          Image image = images.get(0);
          state = image.stateAsString();
          if (image.state() == ImageState.AVAILABLE) {
            return;
          }
          if (image.state() != ImageState.PENDING) {
            throw new CloudException(
                "EC2 image "
                    + id
                    + " is "
                    + state
                    + (image.stateReason() == null ? "" : ": " + image.stateReason().message()));
          }
        }
      } catch (Ec2CallException e) {
        // Eventually consistent: a new image can be unknown to Describe for a moment.
        if (!NOT_FOUND.equals(e.code())) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new CloudException(
            "EC2 image "
                + id
                + " is not available after "
                + wait.timeout().toSeconds()
                + "s (state "
                + state
                + ")");
      }
      try {
        Thread.sleep(wait.interval().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CloudException("interrupted while waiting for EC2 image " + id, e);
      }
    }
  }

  /** How long to wait for a registered image; from a snapshot it takes seconds to minutes. */
  record Wait(Duration interval, Duration timeout) {
    static final Wait DEFAULT = new Wait(Duration.ofSeconds(5), Duration.ofMinutes(20));
  }
}
