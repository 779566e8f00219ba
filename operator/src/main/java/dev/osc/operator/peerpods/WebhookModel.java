package dev.osc.operator.peerpods;

import dev.osc.api.Names;
import dev.osc.api.PeerPods;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The admission webhook's objects: Deployment, Service and the two configurations. Pure. */
public final class WebhookModel {
  private WebhookModel() {}

  public static final String VALIDATING_CONFIGURATION = "validating-webhook-configuration";
  public static final String VALIDATING_WEBHOOK = "vkataconfig.kataconfiguration.openshift.io";
  public static final String PATH_VALIDATE_KATACONFIG = "/validate-kataconfig";
  static final int PORT = 9443;
  static final String CERT_DIR = "/etc/webhook/certs";

  /** Pods here are never sent to the webhook: the cluster's own and the operator's. */
  static final List<String> SYSTEM_NAMESPACES =
      List.of("kube-system", "kube-public", "kube-node-lease");

  private static final Map<String, String> LABELS = Map.of("app", PeerPods.WEBHOOK_DEPLOYMENT);

  public static Deployment deployment(String namespace, String image) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(PeerPods.WEBHOOK_DEPLOYMENT)
        .withNamespace(namespace)
        .withLabels(LABELS)
        .endMetadata()
        .withNewSpec()
        .withReplicas(2)
        .withNewSelector()
        .withMatchLabels(LABELS)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(LABELS)
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(PeerPods.WEBHOOK_SERVICE_ACCOUNT)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("webhook")
        .withImage(image)
        .withArgs("webhook", "--port", Integer.toString(PORT), "--cert-dir", CERT_DIR)
        .addNewEnv()
        .withName(PeerPods.ENV_TARGET_RUNTIMECLASS)
        .withValue(Names.RUNTIME_CLASS_KATA_REMOTE)
        .endEnv()
        .addNewEnv()
        .withName(PeerPods.ENV_POD_VM_EXTENDED_RESOURCE)
        .withValue(PeerPods.VM_RESOURCE)
        .endEnv()
        .addNewPort()
        .withContainerPort(PORT)
        .withName("https")
        .endPort()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/healthz")
        .withPort(new IntOrString(PORT))
        .withScheme("HTTPS")
        .endHttpGet()
        .endReadinessProbe()
        .withNewResources()
        .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("10m"))
        .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("96Mi"))
        .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("256Mi"))
        .endResources()
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("certs")
        .withMountPath(CERT_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("certs")
        .withNewSecret()
        .withSecretName(PeerPods.WEBHOOK_SECRET)
        .withItems(
            new io.fabric8.kubernetes.api.model.KeyToPath(
                WebhookCertificates.CERT, null, WebhookCertificates.CERT),
            new io.fabric8.kubernetes.api.model.KeyToPath(
                WebhookCertificates.KEY, null, WebhookCertificates.KEY))
        .endSecret()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  public static Service service(String namespace) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(PeerPods.WEBHOOK_SERVICE)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withSelector(LABELS)
        .addNewPort()
        .withPort(443)
        .withTargetPort(new IntOrString(PORT))
        .endPort()
        .endSpec()
        .build();
  }

  /**
   * The pod-mutating configuration trusting {@code caPem}; with {@code null}, cert-manager's CA
   * injector fills the caBundle instead (annotation).
   */
  public static MutatingWebhookConfiguration mutating(String namespace, String caPem) {
    return new MutatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName(PeerPods.MUTATING_WEBHOOK_CONFIGURATION)
        .withAnnotations(caAnnotations(namespace, caPem))
        .endMetadata()
        .addNewWebhook()
        .withName(PeerPods.MUTATING_WEBHOOK)
        .withNewClientConfig()
        .withNewService()
        .withNamespace(namespace)
        .withName(PeerPods.WEBHOOK_SERVICE)
        .withPath(PeerPods.PATH_MUTATE_POD)
        .endService()
        .withCaBundle(base64(caPem))
        .endClientConfig()
        .addNewRule()
        .withOperations("CREATE")
        .withApiGroups("")
        .withApiVersions("v1")
        .withResources("pods")
        .endRule()
        .withFailurePolicy("Fail")
        .withSideEffects("None")
        .withAdmissionReviewVersions("v1")
        .withReinvocationPolicy("IfNeeded")
        .withNewNamespaceSelector()
        .addNewMatchExpression()
        .withKey("kubernetes.io/metadata.name")
        .withOperator("NotIn")
        .withValues(excluded(namespace))
        .endMatchExpression()
        .endNamespaceSelector()
        .endWebhook()
        .build();
  }

  /** The KataConfig-validating configuration; {@code caPem} as in {@link #mutating}. */
  public static ValidatingWebhookConfiguration validating(String namespace, String caPem) {
    return new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName(VALIDATING_CONFIGURATION)
        .withAnnotations(caAnnotations(namespace, caPem))
        .endMetadata()
        .addNewWebhook()
        .withName(VALIDATING_WEBHOOK)
        .withNewClientConfig()
        .withNewService()
        .withNamespace(namespace)
        .withName(PeerPods.WEBHOOK_SERVICE)
        .withPath(PATH_VALIDATE_KATACONFIG)
        .endService()
        .withCaBundle(base64(caPem))
        .endClientConfig()
        .addNewRule()
        .withOperations("CREATE", "UPDATE")
        .withApiGroups(Names.GROUP)
        .withApiVersions("v1")
        .withResources("kataconfigs")
        .endRule()
        .withFailurePolicy("Fail")
        .withSideEffects("None")
        .withAdmissionReviewVersions("v1")
        .endWebhook()
        .build();
  }

  static List<String> excluded(String operatorNamespace) {
    List<String> out = new java.util.ArrayList<>(SYSTEM_NAMESPACES);
    out.add(operatorNamespace);
    return out;
  }

  private static Map<String, String> caAnnotations(String namespace, String caPem) {
    return caPem == null
        ? Map.of(PeerPods.ANNOTATION_INJECT_CA_FROM, CertManagerModel.injectCaFrom(namespace))
        : null;
  }

  private static String base64(String pem) {
    if (pem == null) {
      return null;
    }
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
