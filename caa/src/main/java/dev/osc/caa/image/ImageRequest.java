package dev.osc.caa.image;

/**
 * What to make the pod VM image from and what to call it.
 *
 * @param name the AMI name (aws) or the volume name (libvirt)
 * @param source the EBS snapshot id (aws, PODVM_SNAPSHOT_ID), a local disk file (after {@code
 *     file::}), or an {@code oci::} image URI naming the disk in a container image
 * @param bucket aws: the S3 bucket to import a disk through, "" for one the Job makes
 * @param volumeGiB aws: the AMI's root volume size, 0 for the disk's
 */
public record ImageRequest(String name, String source, String bucket, int volumeGiB) {
  public ImageRequest(String name, String source) {
    this(name, source, "", 0);
  }

  /** aws: whether the AMI is registered from an existing snapshot (no import). */
  public boolean fromSnapshot() {
    return source.startsWith("snap-");
  }
}
