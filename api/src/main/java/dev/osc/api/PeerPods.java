package dev.osc.api;

/**
 * Peer pods: the PeerPodConfig, the VM extended resource, what the pod-mutating webhook reads and
 * writes, and the objects that deploy it. Spelled as the cloud-api-adaptor webhook and the
 * operator's {@code ppwebhook.go} spell them.
 */
public final class PeerPods {
  private PeerPods() {}

  public static final String GROUP = "confidentialcontainers.org";
  public static final String PEERPODCONFIG_NAME = "peerpodconfig-openshift";
  public static final String PEERPODCONFIG_CRD = "peerpodconfigs.confidentialcontainers.org";
  public static final String PEERPOD_CRD = "peerpods.confidentialcontainers.org";

  /** Held on a PeerPod until its VM is deleted. */
  public static final String PEERPOD_FINALIZER = "peer.pod/finalizer";

  /** The extended resource each peer pod consumes one of; node capacity = the limit. */
  public static final String VM_RESOURCE = "kata.peerpods.io/vm";

  // Webhook configuration (environment of its Deployment).
  /** Upstream's spelling; the IBM Z guide writes {@link #ENV_TARGET_RUNTIME_CLASS}. */
  public static final String ENV_TARGET_RUNTIMECLASS = "TARGET_RUNTIMECLASS";

  /** The spelling in "Deploying on IBM Z"; honoured when the upstream one is not set. */
  public static final String ENV_TARGET_RUNTIME_CLASS = "TARGET_RUNTIME_CLASS";

  public static final String ENV_POD_VM_EXTENDED_RESOURCE = "POD_VM_EXTENDED_RESOURCE";
  public static final String DEFAULT_TARGET_RUNTIMECLASS = Names.RUNTIME_CLASS_KATA_REMOTE;

  /** Node extended resource counting peer-pod VMs (capacity: PEERPODS_LIMIT_PER_NODE). */
  public static final String DEFAULT_POD_VM_EXTENDED_RESOURCE = VM_RESOURCE;

  /** Every peer pod takes one VM. */
  public static final String POD_VM_COUNT = "1";

  // The VM size a peer pod asked for, read by the cloud-api-adaptor to pick an instance type.
  public static final String ANNOTATION_DEFAULT_VCPUS =
      "io.katacontainers.config.hypervisor.default_vcpus";

  /** In MiB. */
  public static final String ANNOTATION_DEFAULT_MEMORY =
      "io.katacontainers.config.hypervisor.default_memory";

  public static final String ANNOTATION_DEFAULT_GPUS =
      "io.katacontainers.config.hypervisor.default_gpus";
  public static final String RESOURCE_GPU = "nvidia.com/gpu";

  // The pod-mutating webhook's objects (operator namespace).
  public static final String PATH_MUTATE_POD = "/mutate-v1-pod";
  public static final String WEBHOOK_DEPLOYMENT = "peer-pods-webhook";

  /** Its pods' identity: lists KataConfigs (deploy/02-rbac.yaml). */
  public static final String WEBHOOK_SERVICE_ACCOUNT = "peer-pods-webhook";

  public static final String WEBHOOK_SERVICE = "peer-pods-webhook-svc";

  /** Holds tls.crt, tls.key and ca.crt: issued by cert-manager when present, else by us. */
  public static final String WEBHOOK_SECRET = "peer-pods-webhook-svc-secret";

  public static final String MUTATING_WEBHOOK_CONFIGURATION = "mutating-webhook-configuration";
  public static final String MUTATING_WEBHOOK = "mwebhook.peerpods.io";

  // cert-manager, used for the webhook's certificate when the cluster has it.
  public static final String CERT_MANAGER_GROUP = "cert-manager.io";
  public static final String CERT_MANAGER_VERSION = "v1";

  /** Its presence means cert-manager issues the webhook's certificate. */
  public static final String CERT_MANAGER_CRD = "certificates." + CERT_MANAGER_GROUP;

  public static final String WEBHOOK_ISSUER = "peer-pods-webhook-selfsigned-issuer";
  public static final String WEBHOOK_CERTIFICATE = "peer-pods-webhook-serving-cert";

  /** cert-manager's CA injector fills caBundle from the named Certificate's Secret. */
  public static final String ANNOTATION_INJECT_CA_FROM = "cert-manager.io/inject-ca-from";
}
