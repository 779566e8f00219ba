package dev.osc.caa.cloud.aws;

import dev.osc.api.peerpods.PodVmImageKeys;
import dev.osc.caa.cloud.CloudException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DiskImageFormat;
import software.amazon.awssdk.services.ec2.model.SnapshotTaskDetail;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An EBS snapshot from a raw disk file, as upstream's AWS image Job makes it: the disk goes to S3
 * (in parts when large), EC2's ImportSnapshot reads it from there as {@code RAW}, and the task is
 * polled with DescribeImportSnapshotTasks until {@code completed}. The S3 object is removed
 * afterwards, whatever happened, and so is the bucket when the Job made it (BUCKET_NAME empty). The
 * snapshot is tagged {@link #TAG} with the AMI's name, which is how the deletion Job knows the
 * snapshots it may delete.
 */
final class SnapshotImport {
  private static final Logger log = LoggerFactory.getLogger(SnapshotImport.class);

  /** Tag of the snapshots this Job imported; its value is the AMI's name. */
  static final String TAG = "kataconfiguration.openshift.io/podvm-image";

  /**
   * S3's smallest part is 5 MiB and a file has at most 10,000 parts: 64 MiB parts up to 625 GiB.
   */
  static final long PART = 64L << 20;

  private final Ec2Client ec2;
  private final Ec2Calls calls;
  private final S3Client s3;
  private final String region;
  private final Wait wait;
  private final long partSize;

  SnapshotImport(
      Ec2Client ec2, Ec2Calls calls, S3Client s3, String region, Wait wait, long partSize) {
    this.ec2 = ec2;
    this.calls = calls;
    this.s3 = s3;
    this.region = region;
    this.wait = wait;
    this.partSize = partSize;
  }

  /** How often and how long to poll the import; upstream waits 30 minutes, 15 s apart. */
  record Wait(Duration interval, Duration timeout) {
    static final Wait DEFAULT = new Wait(Duration.ofSeconds(15), Duration.ofMinutes(60));
  }

  /**
   * Imports {@code raw} through {@code bucket} ("" for a bucket made for it) and returns the
   * completed snapshot's id.
   */
  String importDisk(Path raw, String bucket, String imageName) throws CloudException {
    String key = imageName + ".raw";
    boolean ownBucket = bucket.isEmpty();
    String b = ownBucket ? newBucketName(imageName) : bucket;
    if (ownBucket) {
      Ec2CallException.call(
          "S3",
          "CreateBucket",
          () ->
              s3.createBucket(
                  r -> {
                    r.bucket(b);
                    // us-east-1 is the one region that takes no location constraint.
                    if (region != null && !region.equals("us-east-1")) {
                      r.createBucketConfiguration(c -> c.locationConstraint(region));
                    }
                  }));
      log.info("made S3 bucket {} for the import", b);
    } else {
      try {
        s3.headBucket(r -> r.bucket(b));
      } catch (S3Exception e) {
        throw new CloudException(
            PodVmImageKeys.BUCKET_NAME
                + ": S3 bucket "
                + b
                + " is not there or not ours (HTTP "
                + e.statusCode()
                + "); make it, or leave "
                + PodVmImageKeys.BUCKET_NAME
                + " empty for one made for the import",
            e);
      }
    }
    try {
      upload(raw, b, key);
      String snapshot = runImport(b, key, imageName);
      calls.call(
          "CreateTags",
          () -> ec2.createTags(r -> r.resources(snapshot).tags(t -> t.key(TAG).value(imageName))));
      return snapshot;
    } finally {
      cleanUp(b, key, ownBucket);
    }
  }

  private void upload(Path raw, String bucket, String key) throws CloudException {
    long size;
    try {
      size = Files.size(raw);
    } catch (IOException e) {
      throw new CloudException("cannot read the raw disk " + raw + ": " + e.getMessage(), e);
    }
    log.info("uploading the raw disk ({} bytes) to s3://{}/{}", size, bucket, key);
    if (size <= partSize) {
      Ec2CallException.call(
          "S3",
          "PutObject",
          () -> s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(raw)));
      return;
    }
    String upload =
        Ec2CallException.call(
                "S3",
                "CreateMultipartUpload",
                () -> s3.createMultipartUpload(r -> r.bucket(bucket).key(key)))
            .uploadId();
    try (InputStream in = Files.newInputStream(raw)) {
      List<CompletedPart> parts = new ArrayList<>();
      for (int n = 1; (n - 1) * partSize < size; n++) {
        int number = n;
        long length = Math.min(partSize, size - (n - 1) * partSize);
        byte[] bytes = in.readNBytes((int) length);
        String etag =
            Ec2CallException.call(
                    "S3",
                    "UploadPart",
                    () ->
                        s3.uploadPart(
                            r -> r.bucket(bucket).key(key).uploadId(upload).partNumber(number),
                            RequestBody.fromBytes(bytes)))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      }
      Ec2CallException.call(
          "S3",
          "CompleteMultipartUpload",
          () ->
              s3.completeMultipartUpload(
                  r ->
                      r.bucket(bucket)
                          .key(key)
                          .uploadId(upload)
                          .multipartUpload(m -> m.parts(parts))));
    } catch (IOException | CloudException | RuntimeException e) {
      try {
        s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(upload));
      } catch (RuntimeException abort) {
        e.addSuppressed(abort);
      }
      if (e instanceof CloudException c) {
        throw c;
      }
      throw new CloudException("uploading the raw disk failed: " + e.getMessage(), e);
    }
  }

  private String runImport(String bucket, String key, String imageName) throws CloudException {
    String task =
        calls
            .call(
                "ImportSnapshot",
                () ->
                    ec2.importSnapshot(
                        r ->
                            r.description("OpenShift sandboxed containers pod VM disk " + imageName)
                                .diskContainer(
                                    d ->
                                        d.format(DiskImageFormat.RAW.toString())
                                            .userBucket(u -> u.s3Bucket(bucket).s3Key(key)))))
            .importTaskId();
    log.info("EC2 import task {} reads s3://{}/{}", task, bucket, key);
    long deadline = System.nanoTime() + wait.timeout().toNanos();
    while (true) {
      var tasks =
          calls
              .call(
                  "DescribeImportSnapshotTasks",
                  () -> ec2.describeImportSnapshotTasks(r -> r.importTaskIds(task)))
              .importSnapshotTasks();
      SnapshotTaskDetail detail = tasks.isEmpty() ? null : tasks.get(0).snapshotTaskDetail();
      String status = detail == null ? "unknown" : detail.status();
      if ("completed".equals(status)) {
        log.info("EC2 import task {} made snapshot {}", task, detail.snapshotId());
        return detail.snapshotId();
      }
      if ("deleting".equals(status) || "deleted".equals(status)) {
        throw new CloudException(
            "EC2 import task "
                + task
                + " failed: "
                + detail.statusMessage()
                + " (is the vmimport service role allowed to read s3://"
                + bucket
                + "?)");
      }
      if (System.nanoTime() > deadline) {
        throw new CloudException(
            "EC2 import task "
                + task
                + " is still "
                + status
                + " after "
                + wait.timeout().toMinutes()
                + " min");
      }
      log.info(
          "EC2 import task {}: {} {}% {}",
          task,
          status,
          detail == null ? "" : detail.progress(),
          detail == null || detail.statusMessage() == null ? "" : detail.statusMessage());
      try {
        Thread.sleep(wait.interval().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CloudException("interrupted while waiting for EC2 import task " + task, e);
      }
    }
  }

  private void cleanUp(String bucket, String key, boolean ownBucket) {
    try {
      s3.deleteObject(r -> r.bucket(bucket).key(key));
      if (ownBucket) {
        s3.deleteBucket(r -> r.bucket(bucket));
      }
    } catch (RuntimeException e) {
      log.warn(
          "could not remove s3://{}/{}{}: {}",
          bucket,
          key,
          ownBucket ? " and its bucket" : "",
          e.getMessage());
    }
  }

  /** A new bucket's name: S3's names are global, so the AMI's name and 8 random hex digits. */
  static String newBucketName(String imageName) {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    String base = imageName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    String suffix = "-" + HexFormat.of().formatHex(random);
    return (base.length() + suffix.length() > 63 ? base.substring(0, 63 - suffix.length()) : base)
        + suffix;
  }
}
