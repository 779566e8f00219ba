package dev.osc.api.peerpods;

import java.util.Optional;

/**
 * The pod VM image ConfigMaps ({@code <provider>-podvm-image-cm}), read by the image Jobs ({@code
 * osc podvm-image}) through envFrom besides peer-pods-cm and peer-pods-secret. What every other key
 * of these ConfigMaps gets is {@link UnsupportedImageKeys}.
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

  /** aws, upstream's current name for the version part; AMI_VERSION_MAJ_MIN wins when both are. */
  public static final String AMI_VERSION = "AMI_VERSION";

  /**
   * aws, ours: the EBS snapshot holding a pod VM disk; when set, the AMI is registered from it and
   * PODVM_IMAGE_URI is not read.
   */
  public static final String PODVM_SNAPSHOT_ID = "PODVM_SNAPSHOT_ID";

  /**
   * aws: the S3 bucket the disk of PODVM_IMAGE_URI is uploaded to for EC2's ImportSnapshot (it must
   * exist); empty: the Job makes a bucket for the import and removes it afterwards, as upstream's
   * Job does.
   */
  public static final String BUCKET_NAME = "BUCKET_NAME";

  /** aws: the root volume of the AMI in GiB (at least the disk's size); default the disk's. */
  public static final String AMI_VOLUME_SIZE = "AMI_VOLUME_SIZE";

  /** aws, the deletion Job's input: the AMI to deregister (must equal PODVM_AMI_ID). */
  public static final String AMI_ID = "AMI_ID";

  /** libvirt: the name of the base volume the creation Job makes in LIBVIRT_POOL. */
  public static final String IMAGE_NAME = "IMAGE_NAME";

  /**
   * Where the pod VM disk comes from: {@code oci::<image>::<path>} (a qcow2 or raw file in a
   * container image), {@code file::<path>} (libvirt: a qcow2 file the Job can read); empty: {@link
   * #defaultImageUri}.
   */
  public static final String PODVM_IMAGE_URI = "PODVM_IMAGE_URI";

  /** libvirt: "true" asks for an IBM Secure Execution image, which osc cannot build. */
  public static final String SE_BOOT = "SE_BOOT";

  /**
   * The aws default: the prebuilt pod VM image that Red Hat's operator fills an empty
   * PODVM_IMAGE_URI with on x86_64 (its {@code osc-dm-verity-image}, the disk at {@code
   * /image/podvm.qcow2}).
   */
  public static final String DEFAULT_AWS_IMAGE_URI =
      "oci::registry.redhat.io/openshift-sandboxed-containers/osc-dm-verity-image:1.12.0"
          + "::/image/podvm.qcow2";

  /**
   * The libvirt (IBM Z) default: the cloud-api-adaptor project's prebuilt s390x pod VM image (the
   * docs' empty PODVM_IMAGE_URI means "an image made for you"; Red Hat's operator would build a
   * RHEL one, which osc does not).
   */
  public static final String DEFAULT_LIBVIRT_IMAGE_URI =
      "oci::quay.io/confidential-containers/podvm-generic-ubuntu-s390x:latest::/image/podvm.qcow2";

  /**
   * The Secret with the ssh key for a {@code qemu+ssh://} LIBVIRT_URI (the IBM Z guide's 6.2.7).
   */
  public static final String SSH_KEY_SECRET = "ssh-key-secret";

  /** Its private key's name, as the guide creates it. */
  public static final String SSH_KEY = "id_rsa";

  /**
   * Where the image Jobs mount {@link #SSH_KEY_SECRET}. Not {@code ~/.ssh}: OpenSSH finds its home
   * in the passwd entry, not in $HOME, so the Job names the key in LIBVIRT_URI ({@code keyfile=}).
   */
  public static final String IMAGE_JOB_SSH_DIR = "/etc/osc/ssh";

  /** The user the image Jobs run as: the image's ({@code USER 1001}), with its passwd entry. */
  public static final long IMAGE_JOB_UID = 1001;

  /** The image ConfigMap a provider's Job reads, if the operator makes its images. */
  public static Optional<String> configMapOf(Provider provider) {
    return Optional.ofNullable(
        switch (provider) {
          case AWS -> AWS_PODVM_IMAGE_CM;
          case LIBVIRT -> LIBVIRT_PODVM_IMAGE_CM;
          case LOCAL -> null;
        });
  }

  /** What an empty PODVM_IMAGE_URI means for a provider whose images the operator makes. */
  public static String defaultImageUri(Provider provider) {
    return switch (provider) {
      case AWS -> DEFAULT_AWS_IMAGE_URI;
      case LIBVIRT -> DEFAULT_LIBVIRT_IMAGE_URI;
      case LOCAL -> throw new IllegalArgumentException("no pod VM image for " + provider);
    };
  }
}
