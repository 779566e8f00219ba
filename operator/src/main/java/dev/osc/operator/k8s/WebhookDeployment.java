package dev.osc.operator.k8s;

import dev.osc.api.Names;
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
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the admission webhook: its certificate (from cert-manager when the cluster has it, else
 * our own CA's, renewed before expiry), Deployment, Service and the mutating and validating
 * configurations carrying the CA. Each object is written only when what we own of it differs
 * ({@link Applier}).
 */
public final class WebhookDeployment {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDeployment.class);
  private static final String OURS = Names.LABEL_MANAGED_BY + "=" + Names.MANAGED_BY_VALUE;

  /** Whether the cluster has cert-manager: its Certificate CRD, watched by name. */
  public static final Kind<CustomResourceDefinition> CERT_MANAGER_CRD =
      Kind.named(CustomResourceDefinition.class, false, PeerPods.CERT_MANAGER_CRD, null);

  public static final Kind<GenericKubernetesResource> ISSUER =
      Kind.generic(CertManagerResources.ISSUERS, OURS, WebhookDeployment::certManagerSpec);
  public static final Kind<GenericKubernetesResource> CERTIFICATE =
      Kind.generic(CertManagerResources.CERTIFICATES, OURS, WebhookDeployment::certManagerSpec);

  /** Our own CA's Secret, or cert-manager's: ours to write only without cert-manager. */
  public static final Kind<Secret> SECRET =
      Kind.named(Secret.class, true, PeerPods.WEBHOOK_SECRET, Secret::getData);

  public static final Kind<Service> SERVICE =
      Kind.namespaced(
          "Service",
          Service.class,
          OURS,
          s -> List.of(s.getSpec().getSelector(), s.getSpec().getPorts().get(0).getPort()));

  /** API-server defaults elsewhere in the Deployment never cause a write. */
  public static final Kind<Deployment> DEPLOYMENT =
      Kind.namespaced(
          "Deployment",
          Deployment.class,
          OURS,
          d ->
              List.of(
                  d.getSpec().getReplicas(),
                  d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
                  d.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()));

  public static final Kind<MutatingWebhookConfiguration> MUTATING =
      Kind.cluster(
          "MutatingWebhookConfiguration",
          MutatingWebhookConfiguration.class,
          OURS,
          new Ownership<>() {
            @Override
            public Object owned(MutatingWebhookConfiguration m) {
              return List.of(
                  injectCaFrom(m),
                  m.getWebhooks().stream()
                      .map(
                          w ->
                              List.of(
                                  w.getName(),
                                  String.valueOf(w.getClientConfig().getCaBundle()),
                                  String.valueOf(w.getNamespaceSelector())))
                      .toList());
            }

            @Override
            public MutatingWebhookConfiguration merge(
                MutatingWebhookConfiguration current, MutatingWebhookConfiguration desired) {
              return keepInjectedCa(current, desired);
            }
          });
  public static final Kind<ValidatingWebhookConfiguration> VALIDATING =
      Kind.cluster(
          "ValidatingWebhookConfiguration",
          ValidatingWebhookConfiguration.class,
          OURS,
          new Ownership<>() {
            @Override
            public Object owned(ValidatingWebhookConfiguration v) {
              return List.of(
                  injectCaFrom(v),
                  v.getWebhooks().stream()
                      .map(
                          w ->
                              List.of(
                                  w.getName(), String.valueOf(w.getClientConfig().getCaBundle())))
                      .toList());
            }

            @Override
            public ValidatingWebhookConfiguration merge(
                ValidatingWebhookConfiguration current, ValidatingWebhookConfiguration desired) {
              return keepInjectedCa(current, desired);
            }
          });

  private final Applier applier;
  private final Caches caches;
  private final String namespace;
  private final String image;
  private final Clock clock;

  public WebhookDeployment(Applier applier, String namespace, String image, Clock clock) {
    this.applier = applier;
    this.caches = applier.caches();
    this.namespace = namespace;
    this.image = image;
    this.clock = clock;
  }

  /** cert-manager issues the certificate when the cluster has it; we do otherwise. */
  public boolean certManagerPresent() {
    return caches.get(CERT_MANAGER_CRD, null, PeerPods.CERT_MANAGER_CRD).isPresent();
  }

  public void ensure(KataConfig kc) {
    String ca = null;
    if (certManagerPresent()) {
      write(kc, ISSUER, CertManagerModel.issuer(namespace));
      write(kc, CERTIFICATE, CertManagerModel.certificate(namespace));
    } else {
      ca = ensureCertificates(kc).get(WebhookCertificates.CA);
    }
    write(kc, SERVICE, WebhookModel.service(namespace));
    write(kc, DEPLOYMENT, WebhookModel.deployment(namespace, image));
    write(kc, MUTATING, WebhookModel.mutating(namespace, ca));
    write(kc, VALIDATING, WebhookModel.validating(namespace, ca));
  }

  public void remove() {
    applier.delete(MUTATING, null, PeerPods.MUTATING_WEBHOOK_CONFIGURATION);
    applier.delete(VALIDATING, null, WebhookModel.VALIDATING_CONFIGURATION);
    applier.delete(DEPLOYMENT, namespace, PeerPods.WEBHOOK_DEPLOYMENT);
    applier.delete(SERVICE, namespace, PeerPods.WEBHOOK_SERVICE);
    if (certManagerPresent() && caches.has(CERTIFICATE.cache())) {
      applier.delete(CERTIFICATE, namespace, PeerPods.WEBHOOK_CERTIFICATE);
      applier.delete(ISSUER, namespace, PeerPods.WEBHOOK_ISSUER);
    }
    applier.delete(SECRET, namespace, PeerPods.WEBHOOK_SECRET);
  }

  private Map<String, String> ensureCertificates(KataConfig kc) {
    var names = WebhookCertificates.dnsNames(PeerPods.WEBHOOK_SERVICE, namespace);
    Map<String, String> pem =
        Secrets.decode(caches.get(SECRET, namespace, PeerPods.WEBHOOK_SECRET).orElse(null));
    if (WebhookCertificates.usable(pem, names, clock.instant())) {
      return pem;
    }
    LOG.info("issuing the webhook serving certificate for {}", names);
    Map<String, String> issued = WebhookCertificates.issue(pem, names, clock.instant());
    Map<String, String> data = new HashMap<>();
    issued.forEach(
        (k, v) ->
            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.US_ASCII))));
    Secret desired =
        new SecretBuilder()
            .withNewMetadata()
            .withName(PeerPods.WEBHOOK_SECRET)
            .withNamespace(namespace)
            .endMetadata()
            .withType("kubernetes.io/tls")
            .withData(data)
            .build();
    write(kc, SECRET, desired);
    return issued;
  }

  private <R extends HasMetadata> void write(KataConfig kc, Kind<R> kind, R desired) {
    applier.apply(kind, namespace, desired.getMetadata().getName(), Owned.label(desired, kc));
  }

  private static Object certManagerSpec(GenericKubernetesResource r) {
    return r.getAdditionalProperties().get("spec");
  }

  /** Under cert-manager the caBundle is its CA injector's to write, never ours to clear. */
  private static <R extends HasMetadata> R keepInjectedCa(R existing, R desired) {
    if (desired.getMetadata().getAnnotations() == null
        || !desired
            .getMetadata()
            .getAnnotations()
            .containsKey(PeerPods.ANNOTATION_INJECT_CA_FROM)) {
      return desired;
    }
    List<WebhookClientConfig> from = clientConfigs(existing);
    List<WebhookClientConfig> to = clientConfigs(desired);
    for (int i = 0; i < Math.min(from.size(), to.size()); i++) {
      to.get(i).setCaBundle(from.get(i).getCaBundle());
    }
    return desired;
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

  private static String injectCaFrom(HasMetadata o) {
    Map<String, String> annotations = o.getMetadata().getAnnotations();
    return annotations == null
        ? ""
        : annotations.getOrDefault(PeerPods.ANNOTATION_INJECT_CA_FROM, "");
  }
}
