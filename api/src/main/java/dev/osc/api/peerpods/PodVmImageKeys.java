package dev.osc.api.peerpods;

/**
 * The pod VM image ConfigMaps ({@code <provider>-podvm-image-cm}), read by the image Jobs ({@code
 * osc podvm-image}) through envFrom besides peer-pods-cm and peer-pods-secret.
 */
public final class PodVmImageKeys {
  private PodVmImageKeys() {}

  public static final String AWS_PODVM_IMAGE_CM = "aws-podvm-image-cm";
  public static final String LIBVIRT_PODVM_IMAGE_CM = "libvirt-podvm-image-cm";

  /** "yes" (default) or "no": whether the creation Job writes the new id into peer-pods-cm. */
  public static final String UPDATE_PEERPODS_CM = "UPDATE_PEERPODS_CM";

  /** aws: the image's name is {@code <AMI_BASE_NAME>-<AMI_VERSION_MAJ_MIN>.<UTC timestamp>}. */
  public static final String AMI_BASE_NAME = "AMI_BASE_NAME";

  public static final String AMI_VERSION_MAJ_MIN = "AMI_VERSION_MAJ_MIN";

  /**
   * aws, ours: the EBS snapshot holding a pod VM disk (a raw/qcow2 image imported with {@code aws
   * ec2 import-snapshot}); the AMI is registered from it. Upstream builds the disk in the Job
   * instead, which we do not.
   */
  public static final String PODVM_SNAPSHOT_ID = "PODVM_SNAPSHOT_ID";

  /** aws, the deletion Job's input: the AMI to deregister (must equal PODVM_AMI_ID). */
  public static final String AMI_ID = "AMI_ID";

  /** libvirt: the name of the base volume the creation Job makes in LIBVIRT_POOL. */
  public static final String IMAGE_NAME = "IMAGE_NAME";

  /** libvirt: where the qcow2 comes from: {@code oci::<image>::<path>} or {@code file::<path>}. */
  public static final String PODVM_IMAGE_URI = "PODVM_IMAGE_URI";
}
