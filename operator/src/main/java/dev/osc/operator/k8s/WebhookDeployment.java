package dev.osc.operator.k8s;

import dev.osc.api.PeerPods;
import dev.osc.api.certmanager.CertManagerResources;
import dev.osc.api.v1.KataConfig;
import dev.osc.operator.peerpods.CertManagerModel;
import dev.osc.operator.peerpods.WebhookCertificates;
import dev.osc.operator.peerpods.WebhookModel;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the admission webhook: its certificate (from cert-manager when the cluster has it,
 * else our own CA's, renewed before expiry), Deployment, Service and the mutating and
 * validating configurations carrying the CA. Each object is written
 * only when it differs from what it should be.
 */
public final class WebhookDeployment {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDeployment.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String image;
  private final Clock clock;

  public WebhookDeployment(KubernetesClient client, String namespace, String image, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.image = image;
    this.clock = clock;
  }

  public void ensure(KataConfig kc) {
    String ca = null;
    if (certManagerPresent()) {
      writeCertManager(kc, CertManagerResources.ISSUERS, CertManagerModel.issuer(namespace));
      writeCertManager(kc, CertManagerResources.CERTIFICATES,
          CertManagerModel.certificate(namespace));
    } else {
      ca = ensureCertificates(kc).get(WebhookCertificates.CA);
    }
    write(kc, WebhookModel.service(namespace));
    write(kc, WebhookModel.deployment(namespace, image));
    write(kc, WebhookModel.mutating(namespace, ca));
    write(kc, WebhookModel.validating(namespace, ca));
  }

  public void remove() {
    delete(client.admissionRegistration().v1().mutatingWebhookConfigurations()
        .withName(PeerPods.MUTATING_WEBHOOK_CONFIGURATION).get());
    delete(client.admissionRegistration().v1().validatingWebhookConfigurations()
        .withName(WebhookModel.VALIDATING_CONFIGURATION).get());
    delete(client.apps().deployments().inNamespace(namespace)
        .withName(PeerPods.WEBHOOK_DEPLOYMENT).get());
    delete(client.services().inNamespace(namespace).withName(PeerPods.WEBHOOK_SERVICE).get());
    if (certManagerPresent()) {
      delete(client.genericKubernetesResources(CertManagerResources.CERTIFICATES)
          .inNamespace(namespace).withName(PeerPods.WEBHOOK_CERTIFICATE).get());
      delete(client.genericKubernetesResources(CertManagerResources.ISSUERS)
          .inNamespace(namespace).withName(PeerPods.WEBHOOK_ISSUER).get());
    }
    delete(client.secrets().inNamespace(namespace).withName(PeerPods.WEBHOOK_SECRET).get());
  }

  /** cert-manager issues the certificate when the cluster has it; we do otherwise. */
  private boolean certManagerPresent() {
    return client.apiextensions().v1().customResourceDefinitions()
        .withName(PeerPods.CERT_MANAGER_CRD).get() != null;
  }

  private void writeCertManager(KataConfig kc, ResourceDefinitionContext type,
      GenericKubernetesResource desired) {
    Owned.label(desired, kc);
    var resources = client.genericKubernetesResources(type).inNamespace(namespace);
    GenericKubernetesResource existing = resources.withName(desired.getMetadata().getName())
        .get();
    if (existing == null) {
      LOG.info("creating {} {}", desired.getKind(), desired.getMetadata().getName());
      resources.resource(desired).create();
    } else if (!Objects.equals(existing.get("spec"), desired.get("spec"))) {
      LOG.info("updating {} {}", desired.getKind(), desired.getMetadata().getName());
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      resources.resource(desired).update();
    }
  }

  private Map<String, String> ensureCertificates(KataConfig kc) {
    var names = WebhookCertificates.dnsNames(PeerPods.WEBHOOK_SERVICE, namespace);
    Secret secret = client.secrets().inNamespace(namespace).withName(PeerPods.WEBHOOK_SECRET)
        .get();
    Map<String, String> pem = Secrets.decode(secret);
    if (WebhookCertificates.usable(pem, names, clock.instant())) {
      return pem;
    }
    LOG.info("issuing the webhook serving certificate for {}", names);
    Map<String, String> issued = WebhookCertificates.issue(pem, names, clock.instant());
    Map<String, String> data = new HashMap<>();
    issued.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(
        v.getBytes(StandardCharsets.US_ASCII))));
    Secret desired = new SecretBuilder().withNewMetadata().withName(PeerPods.WEBHOOK_SECRET)
        .withNamespace(namespace).endMetadata().withType("kubernetes.io/tls").withData(data)
        .build();
    client.resource(Owned.label(desired, kc)).createOr(r -> r.update());
    return issued;
  }

  private void write(KataConfig kc, HasMetadata desired) {
    Owned.label(desired, kc);
    HasMetadata existing = client.resource(desired).get();
    keepInjectedCa(existing, desired);
    if (existing == null) {
      LOG.info("creating {} {}", desired.getKind(), desired.getMetadata().getName());
      client.resource(desired).create();
    } else if (!Objects.equals(spec(existing), spec(desired))) {
      LOG.info("updating {} {}", desired.getKind(), desired.getMetadata().getName());
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      client.resource(desired).update();
    }
  }

  /** Under cert-manager the caBundle is its CA injector's to write, never ours to clear. */
  private static void keepInjectedCa(HasMetadata existing, HasMetadata desired) {
    if (existing == null || desired.getMetadata().getAnnotations() == null
        || !desired.getMetadata().getAnnotations()
            .containsKey(PeerPods.ANNOTATION_INJECT_CA_FROM)) {
      return;
    }
    List<WebhookClientConfig> from = clientConfigs(existing);
    List<WebhookClientConfig> to = clientConfigs(desired);
    for (int i = 0; i < Math.min(from.size(), to.size()); i++) {
      to.get(i).setCaBundle(from.get(i).getCaBundle());
    }
  }

  private static List<WebhookClientConfig> clientConfigs(HasMetadata o) {
    if (o instanceof MutatingWebhookConfiguration m) {
      return m.getWebhooks().stream().map(w -> w.getClientConfig()).toList();
    }
    if (o instanceof ValidatingWebhookConfiguration v) {
      return v.getWebhooks().stream().map(w -> w.getClientConfig()).toList();
    }
    return List.of();
  }

  /** What we manage of each kind; API-server defaults elsewhere never cause a write. */
  private static Object spec(HasMetadata o) {
    if (o instanceof Deployment d) {
      return List.of(d.getSpec().getReplicas(), d.getSpec().getTemplate().getSpec()
          .getContainers().get(0).getImage(), d.getSpec().getTemplate().getSpec()
          .getContainers().get(0).getArgs());
    }
    if (o instanceof MutatingWebhookConfiguration m) {
      return List.of(injectCaFrom(m), m.getWebhooks().stream().map(w -> List.of(w.getName(),
          String.valueOf(w.getClientConfig().getCaBundle()),
          String.valueOf(w.getNamespaceSelector()))).toList());
    }
    if (o instanceof ValidatingWebhookConfiguration v) {
      return List.of(injectCaFrom(v), v.getWebhooks().stream().map(w -> List.of(w.getName(),
          String.valueOf(w.getClientConfig().getCaBundle()))).toList());
    }
    if (o instanceof io.fabric8.kubernetes.api.model.Service s) {
      return List.of(s.getSpec().getSelector(), s.getSpec().getPorts().get(0).getPort());
    }
    return o;
  }

  private static String injectCaFrom(HasMetadata o) {
    Map<String, String> annotations = o.getMetadata().getAnnotations();
    return annotations == null ? "" : annotations.getOrDefault(
        PeerPods.ANNOTATION_INJECT_CA_FROM, "");
  }

  private void delete(HasMetadata o) {
    if (o != null) {
      LOG.info("deleting {} {}", o.getKind(), o.getMetadata().getName());
      client.resource(o).delete();
    }
  }
}
