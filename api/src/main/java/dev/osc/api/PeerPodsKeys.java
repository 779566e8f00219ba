package dev.osc.api;

import java.util.Optional;

/**
 * The peer-pods ConfigMap and Secret in {@link Names#OPERATOR_NAMESPACE}: their names and the keys
 * users write into them, spelled as the OpenShift sandboxed containers documentation and the
 * cloud-api-adaptor spell them.
 */
public final class PeerPodsKeys {
  private PeerPodsKeys() {}

  /**
   * The peer-pods-cm key holding the pod VM image id of a CLOUD_PROVIDER whose image the image
   * Jobs make (aws, libvirt); empty for the others.
   */
  public static Optional<String> imageIdKey(String provider) {
    return Optional.ofNullable(switch (provider == null ? "" : provider) {
      case "aws" -> PODVM_AMI_ID;
      case "libvirt" -> LIBVIRT_IMAGE_ID;
      default -> null;
    });
  }

  public static final String CONFIG_MAP = "peer-pods-cm";
  public static final String SECRET = "peer-pods-secret";
  /**
   * Registry credentials (key {@code auth.json}, containers-auth.json format), mounted optionally
   * into the adaptor and the pod VM image Jobs, where {@code oci::} images are pulled with them.
   */
  public static final String AUTH_JSON_SECRET = "auth-json-secret";
  public static final String AUTH_JSON_KEY = "auth.json";
  /** Where the image Jobs mount {@link #AUTH_JSON_SECRET}, as upstream's Jobs do. */
  public static final String IMAGE_JOB_AUTH_DIR = "/tmp/regauth";
  /** The containers tools' variable naming an auth.json to use instead. */
  public static final String REGISTRY_AUTH_FILE = "REGISTRY_AUTH_FILE";

  // Every provider.
  public static final String CLOUD_PROVIDER = "CLOUD_PROVIDER";
  public static final String PEERPODS_LIMIT_PER_NODE = "PEERPODS_LIMIT_PER_NODE";
  public static final String VXLAN_PORT = "VXLAN_PORT";
  public static final String PROXY_TIMEOUT = "PROXY_TIMEOUT";
  public static final String ROOT_VOLUME_SIZE = "ROOT_VOLUME_SIZE";
  public static final String DISABLECVM = "DISABLECVM";
  public static final String TAGS = "TAGS";
  public static final String USE_PUBLIC_IP = "USE_PUBLIC_IP";
  public static final String PAUSE_IMAGE = "PAUSE_IMAGE";
  public static final String CACERT_FILE = "CACERT_FILE";
  public static final String CERT_FILE = "CERT_FILE";
  public static final String CERT_KEY = "CERT_KEY";
  public static final String TLS_SKIP_VERIFY = "TLS_SKIP_VERIFY";
  public static final String INITDATA = "INITDATA";
  public static final String FORWARDER_PORT = "FORWARDER_PORT";
  public static final String CLOUD_CONFIG_VERIFY = "CLOUD_CONFIG_VERIFY";
  public static final String SECURE_COMMS = "SECURE_COMMS";
  public static final String SECURE_COMMS_INBOUNDS = "SECURE_COMMS_INBOUNDS";
  public static final String SECURE_COMMS_OUTBOUNDS = "SECURE_COMMS_OUTBOUNDS";
  public static final String SECURE_COMMS_KBS_ADDR = "SECURE_COMMS_KBS_ADDR";

  // aws
  public static final String PODVM_INSTANCE_TYPE = "PODVM_INSTANCE_TYPE";
  public static final String PODVM_INSTANCE_TYPES = "PODVM_INSTANCE_TYPES";
  public static final String PODVM_AMI_ID = "PODVM_AMI_ID";
  public static final String PODVM_LAUNCHTEMPLATE_NAME = "PODVM_LAUNCHTEMPLATE_NAME";
  public static final String USE_PODVM_LAUNCHTEMPLATE = "USE_PODVM_LAUNCHTEMPLATE";
  public static final String SSH_KP_NAME = "SSH_KP_NAME";
  public static final String AWS_REGION = "AWS_REGION";
  public static final String AWS_SUBNET_ID = "AWS_SUBNET_ID";
  public static final String AWS_VPC_ID = "AWS_VPC_ID";
  public static final String AWS_SG_IDS = "AWS_SG_IDS";
  public static final String AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
  public static final String AWS_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
  public static final String AWS_SESSION_TOKEN = "AWS_SESSION_TOKEN";

  // libvirt
  public static final String LIBVIRT_URI = "LIBVIRT_URI";
  public static final String LIBVIRT_POOL = "LIBVIRT_POOL";
  public static final String LIBVIRT_VOL_NAME = "LIBVIRT_VOL_NAME";
  public static final String LIBVIRT_DIR_NAME = "LIBVIRT_DIR_NAME";
  public static final String LIBVIRT_NET = "LIBVIRT_NET";
  public static final String LIBVIRT_IMAGE_ID = "LIBVIRT_IMAGE_ID";
  public static final String LIBVIRT_LAUNCH_SECURITY = "LIBVIRT_LAUNCH_SECURITY";
  public static final String LIBVIRT_EFI_FIRMWARE = "LIBVIRT_EFI_FIRMWARE";
  public static final String LIBVIRT_CPU = "LIBVIRT_CPU";
  public static final String LIBVIRT_MEMORY = "LIBVIRT_MEMORY";
  public static final String LIBVIRT_CPUSET = "LIBVIRT_CPUSET";
  public static final String LIBVIRT_ROOT_DISK_SIZE = "LIBVIRT_ROOT_DISK_SIZE";
  /**
   * Ours (upstream always asks for kvm): the libvirt domain type, {@code kvm}, {@code qemu}
   * (TCG emulation) or {@code auto} (default): kvm unless the libvirt host is itself a VM, where
   * nested KVM often cannot boot Linux.
   */
  public static final String LIBVIRT_DOMAIN_TYPE = "LIBVIRT_DOMAIN_TYPE";
  public static final String REDHAT_OFFLINE_TOKEN = "REDHAT_OFFLINE_TOKEN";
  public static final String HOST_KEY_CERTS = "HOST_KEY_CERTS";

  // azure
  public static final String AZURE_REGION = "AZURE_REGION";
  public static final String AZURE_RESOURCE_GROUP = "AZURE_RESOURCE_GROUP";
  public static final String AZURE_SUBNET_ID = "AZURE_SUBNET_ID";
  public static final String AZURE_NSG_ID = "AZURE_NSG_ID";
  public static final String AZURE_IMAGE_ID = "AZURE_IMAGE_ID";
  public static final String AZURE_INSTANCE_SIZE = "AZURE_INSTANCE_SIZE";
  public static final String AZURE_INSTANCE_SIZES = "AZURE_INSTANCE_SIZES";
  public static final String SSH_USERNAME = "SSH_USERNAME";
  public static final String ENABLE_SECURE_BOOT = "ENABLE_SECURE_BOOT";
  public static final String AZURE_CLIENT_ID = "AZURE_CLIENT_ID";
  public static final String AZURE_CLIENT_SECRET = "AZURE_CLIENT_SECRET";
  public static final String AZURE_TENANT_ID = "AZURE_TENANT_ID";
  public static final String AZURE_SUBSCRIPTION_ID = "AZURE_SUBSCRIPTION_ID";

  // gcp
  public static final String GCP_PROJECT_ID = "GCP_PROJECT_ID";
  public static final String GCP_ZONE = "GCP_ZONE";
  public static final String GCP_MACHINE_TYPE = "GCP_MACHINE_TYPE";
  public static final String GCP_INSTANCE_TYPES = "GCP_INSTANCE_TYPES";
  public static final String GCP_NETWORK = "GCP_NETWORK";
  public static final String GCP_SUBNETWORK = "GCP_SUBNETWORK";
  public static final String GCP_DISK_TYPE = "GCP_DISK_TYPE";
  public static final String GCP_CONFIDENTIAL_TYPE = "GCP_CONFIDENTIAL_TYPE";
  public static final String PODVM_IMAGE_NAME = "PODVM_IMAGE_NAME";
  public static final String GCP_CREDENTIALS = "GCP_CREDENTIALS";

  // The pod VM image ConfigMaps, read by the image Jobs (osc podvm-image) through envFrom.
  public static final String AWS_PODVM_IMAGE_CM = "aws-podvm-image-cm";
  public static final String LIBVIRT_PODVM_IMAGE_CM = "libvirt-podvm-image-cm";
  /** "yes" (default) or "no": whether the creation Job writes the new id into peer-pods-cm. */
  public static final String UPDATE_PEERPODS_CM = "UPDATE_PEERPODS_CM";
  /** aws: the image's name is {@code <AMI_BASE_NAME>-<AMI_VERSION_MAJ_MIN>.<UTC timestamp>}. */
  public static final String AMI_BASE_NAME = "AMI_BASE_NAME";
  public static final String AMI_VERSION_MAJ_MIN = "AMI_VERSION_MAJ_MIN";
  /**
   * aws, ours: the EBS snapshot holding a pod VM disk (a raw/qcow2 image imported with
   * {@code aws ec2 import-snapshot}); the AMI is registered from it. Upstream builds the disk in
   * the Job instead, which we do not.
   */
  public static final String PODVM_SNAPSHOT_ID = "PODVM_SNAPSHOT_ID";
  /** aws, the deletion Job's input: the AMI to deregister (must equal PODVM_AMI_ID). */
  public static final String AMI_ID = "AMI_ID";
  /** libvirt: the name of the base volume the creation Job makes in LIBVIRT_POOL. */
  public static final String IMAGE_NAME = "IMAGE_NAME";
  /** libvirt: where the qcow2 comes from; we support {@code file::<path>} only. */
  public static final String PODVM_IMAGE_URI = "PODVM_IMAGE_URI";
}
