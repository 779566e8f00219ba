package dev.osc.api;

/**
 * Every name a user sees or types: resources, labels, annotations. Spelled exactly as the OpenShift
 * sandboxed containers documentation spells them.
 */
public final class Names {
  private Names() {}

  public static final String GROUP = "kataconfiguration.openshift.io";
  public static final String OPERATOR_NAMESPACE = "openshift-sandboxed-containers-operator";
  public static final String KATACONFIG_FINALIZER = "kataconfiguration.openshift.io/finalizer";
  public static final String KATACONFIG_CRD = "kataconfigs.kataconfiguration.openshift.io";

  // Runtime classes.
  public static final String RUNTIME_CLASS_KATA = "kata";
  public static final String RUNTIME_CLASS_KATA_REMOTE = "kata-remote";
  public static final String RUNTIME_CLASS_CPU_OVERHEAD = "250m";
  public static final String RUNTIME_CLASS_KATA_MEMORY_OVERHEAD = "350Mi";
  public static final String RUNTIME_CLASS_KATA_REMOTE_MEMORY_OVERHEAD = "120Mi";

  // Node roles and labels.
  public static final String LABEL_ROLE_WORKER = "node-role.kubernetes.io/worker";
  public static final String LABEL_ROLE_MASTER = "node-role.kubernetes.io/master";
  public static final String LABEL_ROLE_CONTROL_PLANE = "node-role.kubernetes.io/control-plane";

  /** Marks the nodes the operator selected for kata; also the RuntimeClass scheduling selector. */
  public static final String LABEL_ROLE_KATA_OC = "node-role.kubernetes.io/kata-oc";

  /** Set by Node Feature Discovery on nodes that can run kata (used with checkNodeEligibility). */
  public static final String LABEL_NFD_KATA_RUNTIME = "feature.node.kubernetes.io/runtime.kata";

  /** Applied by the operator to every object it creates, so uninstall can find them all. */
  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String MANAGED_BY_VALUE = "sandboxed-containers-operator";

  /** Same key upstream puts on its MachineConfigs: the KataConfig that owns them. */
  public static final String LABEL_APP = "app";

  // OpenShift MachineConfig strategy.
  public static final String MC_GROUP = "machineconfiguration.openshift.io";
  public static final String POOL_KATA_OC = "kata-oc";
  public static final String POOL_WORKER = "worker";
  public static final String POOL_MASTER = "master";
  public static final String MC_ENABLE_EXTENSION = "50-enable-sandboxed-containers-extension";
  public static final String DEFAULT_EXTENSION = "sandboxed-containers";
  public static final String CONTAINER_RUNTIME_CONFIG = "kata-crio-config";

  /** Peer pods: the kata-remote CRI-O handler and its kata configuration. */
  public static final String MC_KATA_REMOTE_CRIO = "50-kata-remote";

  public static final String MC_KATA_REMOTE_CONFIG = "40-worker-kata-remote-config";
  public static final String LABEL_MC_ROLE = "machineconfiguration.openshift.io/role";
  public static final String LABEL_POOL_PREFIX =
      "pools.operator.machineconfiguration.openshift.io/";
  public static final String ANNOTATION_MCO_STATE = "machineconfiguration.openshift.io/state";
  public static final String ANNOTATION_MCO_CURRENT_CONFIG =
      "machineconfiguration.openshift.io/currentConfig";
  public static final String ANNOTATION_MCO_DESIRED_CONFIG =
      "machineconfiguration.openshift.io/desiredConfig";
  public static final String ANNOTATION_MCO_REASON = "machineconfiguration.openshift.io/reason";
  public static final String MCO_STATE_DONE = "Done";
  public static final String MCO_STATE_WORKING = "Working";
  public static final String MCO_STATE_DEGRADED = "Degraded";
  public static final String MCO_STATE_UNRECONCILABLE = "Unreconcilable";

  // Plain Kubernetes strategy: the Kata project's installer DaemonSets.
  public static final String KATA_DEPLOY_DAEMONSET = "kata-deploy";
  public static final String KATA_CLEANUP_DAEMONSET = "kata-cleanup";
  public static final String DEFAULT_KATA_DEPLOY_IMAGE =
      "quay.io/kata-containers/kata-deploy:3.13.0";

  /** Set by kata-deploy itself: "true" once installed, "cleanup" while being removed. */
  public static final String LABEL_KATA_RUNTIME = "katacontainers.io/kata-runtime";

  public static final String KATA_RUNTIME_INSTALLED = "true";
  public static final String KATA_RUNTIME_CLEANUP = "cleanup";

  /** Our gate: kata-deploy runs only on nodes carrying it, so one node at a time is unavailable. */
  public static final String LABEL_INSTALL_GATE = "kataconfiguration.openshift.io/kata-deploy";

  public static final String INSTALL_GATE_OPEN = "install";

  // Admission webhook server (serves the pod mutation of PeerPods and the KataConfig validation).
  public static final String PATH_VALIDATE_KATACONFIG = "/validate-kataconfig";
  public static final String PATH_HEALTHZ = "/healthz";
  public static final int WEBHOOK_PORT = 9443;

  /** Where the operator and the webhook serve /metrics over HTTPS (the adaptor: METRICS_PORT). */
  public static final int OPERATOR_METRICS_PORT = 8443;

  public static final String OPERATOR_METRICS_SERVICE = "osc-operator-metrics";

  public static final int WEBHOOK_METRICS_PORT = 9444;

  /** Where controller-runtime webhooks, upstream's included, mount their serving Secret. */
  public static final String WEBHOOK_CERT_DIR = "/tmp/k8s-webhook-server/serving-certs";

  public static final String TLS_CERT_FILE = "tls.crt";
  public static final String TLS_KEY_FILE = "tls.key";
  public static final String VALIDATING_WEBHOOK_CONFIGURATION = "validating-webhook-configuration";
  public static final String VALIDATING_WEBHOOK = "vkataconfig.kb.io";

  // Pod VM image Jobs (peer pods), in the operator namespace, running "osc podvm-image".
  public static final String JOB_PODVM_IMAGE_CREATION = "osc-podvm-image-creation";
  public static final String JOB_PODVM_IMAGE_DELETION = "osc-podvm-image-deletion";

  /** Their service account: may get and patch peer-pods-cm, nothing else. */
  public static final String PODVM_IMAGE_SERVICE_ACCOUNT = "osc-podvm-image";

  /**
   * On peer-pods-cm, written by the creation Job with the id: the image is ours to delete on
   * uninstall only while the id key still holds this value (a user-provided id never is).
   */
  public static final String ANNOTATION_PODVM_IMAGE_CREATED =
      "kataconfiguration.openshift.io/podvm-image-created";

  /** On an image Job once its outcome has been reported, so the Event is emitted only once. */
  public static final String ANNOTATION_JOB_REPORTED = "kataconfiguration.openshift.io/reported";

  public static final String REASON_IMAGE_JOB_COMPLETED = "PodVMImageJobCompleted";
  public static final String REASON_IMAGE_JOB_FAILED = "PodVMImageJobFailed";
  public static final String REASON_IMAGE_JOB_RUNNING = "PodVMImageJobRunning";
}
