package dev.osc.caa.cloud.aws;

import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.image.ImageRequest;
import dev.osc.caa.image.PodVmImages;
import dev.osc.caa.image.disk.RawDisk;
import dev.osc.caa.image.oci.OciPuller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ArchitectureValues;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.BootModeValues;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.VolumeType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The pod VM image as an AMI registered from an EBS snapshot of a pod VM disk. The snapshot is
 * PODVM_SNAPSHOT_ID when given, else it is imported from the disk of PODVM_IMAGE_URI as upstream's
 * Job does ({@link RawDisk}, then {@link SnapshotImport}). Root device {@code /dev/xvda} on a gp3
 * volume deleted with the instance, x86_64, ENA, hardware virtual machine, and UEFI boot (AMD
 * SEV-SNP, used when DISABLECVM=false, boots only UEFI images, and every Nitro instance type boots
 * UEFI too; the disk must carry an EFI system partition).
 *
 * <p>Creation waits until EC2 says {@code available}; an image that fails or does not become
 * available in time is deregistered, and an imported snapshot deleted, so nothing half-made is left
 * behind. Deletion deregisters the AMI and deletes the snapshots imported for it (tagged {@link
 * SnapshotImport#TAG} with its name); a PODVM_SNAPSHOT_ID is the user's and is kept.
 */
public final class AwsImages implements PodVmImages {
  static final String ROOT_DEVICE = "/dev/xvda";
  private static final String NOT_FOUND = "InvalidAMIID.NotFound";
  private static final Logger log = LoggerFactory.getLogger(AwsImages.class);

  private final Ec2Client ec2;
  private final Ec2Calls calls;
  private final S3Client s3;
  private final OciPuller puller;
  private final Wait wait;
  private final SnapshotImport imports;

  private AwsImages(
      Ec2Client ec2,
      Ec2Calls calls,
      S3Client s3,
      OciPuller puller,
      String region,
      Wait wait,
      SnapshotImport.Wait importWait,
      long partSize) {
    this.ec2 = ec2;
    this.calls = calls;
    this.s3 = s3;
    this.puller = puller;
    this.wait = wait;
    this.imports = new SnapshotImport(ec2, calls, s3, region, importWait, partSize);
  }

  /**
   * Connects with AWS_REGION, the credentials and AWS_ENDPOINT_URL of the settings; {@code puller}
   * fetches the disk of an {@code oci::} PODVM_IMAGE_URI.
   */
  public static AwsImages start(AwsSettings settings, OciPuller puller) throws CloudException {
    return start(settings, puller, Wait.DEFAULT, SnapshotImport.Wait.DEFAULT, SnapshotImport.PART);
  }

  static AwsImages start(
      AwsSettings settings,
      OciPuller puller,
      Wait wait,
      SnapshotImport.Wait importWait,
      long partSize)
      throws CloudException {
    return new AwsImages(
        Ec2Clients.create(settings, null),
        new Ec2Calls(Ec2Calls.Policy.of(settings.maxConcurrentCalls())),
        S3Clients.create(settings),
        puller,
        settings.region(),
        wait,
        importWait,
        partSize);
  }

  @Override
  public String create(ImageRequest request) throws CloudException {
    if (request.fromSnapshot()) {
      return register(request, request.source());
    }
    Path work = null;
    String snapshot;
    try {
      work = Files.createTempDirectory("osc-podvm-image-");
      Path raw = RawDisk.of(request.source(), puller, work);
      snapshot = imports.importDisk(raw, request.bucket(), request.name());
    } catch (IOException e) {
      throw new CloudException("the pod VM disk: " + e.getMessage(), e);
    } finally {
      removeTree(work);
    }
    try {
      return register(request, snapshot);
    } catch (CloudException e) {
      try {
        deleteSnapshot(snapshot);
      } catch (CloudException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private String register(ImageRequest request, String snapshot) throws CloudException {
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
                                                .snapshotId(snapshot)
                                                .volumeSize(
                                                    request.volumeGiB() > 0
                                                        ? request.volumeGiB()
                                                        : null)
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
        snapshot);
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
    String name;
    try {
      var images =
          calls.call("DescribeImages", () -> ec2.describeImages(r -> r.imageIds(imageId))).images();
      name = images.isEmpty() ? null : images.get(0).name();
      calls.call("DeregisterImage", () -> ec2.deregisterImage(r -> r.imageId(imageId)));
      log.info("deregistered {}", imageId);
    } catch (Ec2CallException e) {
      if (!NOT_FOUND.equals(e.code())) {
        throw e;
      }
      log.info("{} is already gone", imageId);
      return;
    }
    if (name == null) {
      return;
    }
    var snapshots =
        calls
            .call(
                "DescribeSnapshots",
                () ->
                    ec2.describeSnapshots(
                        r ->
                            r.ownerIds("self")
                                .filters(
                                    Filter.builder()
                                        .name("tag:" + SnapshotImport.TAG)
                                        .values(name)
                                        .build())))
            .snapshots();
    for (Snapshot s : snapshots) {
      deleteSnapshot(s.snapshotId());
    }
  }

  private void deleteSnapshot(String snapshotId) throws CloudException {
    try {
      calls.call("DeleteSnapshot", () -> ec2.deleteSnapshot(r -> r.snapshotId(snapshotId)));
      log.info("deleted snapshot {}", snapshotId);
    } catch (Ec2CallException e) {
      if (!"InvalidSnapshot.NotFound".equals(e.code())) {
        throw e;
      }
    }
  }

  private static void removeTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      log.warn("could not remove {}: {}", dir, e.getMessage());
    }
  }

  @Override
  public void close() {
    ec2.close();
    s3.close();
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
