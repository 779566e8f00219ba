package dev.osc.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import dev.osc.api.PeerPods;
import dev.osc.api.certmanager.CertManagerResources;
import dev.osc.api.v1.KataConfig;
import dev.osc.operator.peerpods.WebhookCertificates;
import dev.osc.operator.peerpods.WebhookModel;
import dev.osc.testkit.Await;
import dev.osc.testkit.CertManagerSimulator;
import dev.osc.testkit.Crds;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** With peer pods, the operator deploys the admission webhook and its certificates. */
class WebhookDeploymentTest {
  private static Secret secret(Harness h) {
    return h.client()
        .secrets()
        .inNamespace(Names.OPERATOR_NAMESPACE)
        .withName(PeerPods.WEBHOOK_SECRET)
        .get();
  }

  private static MutatingWebhookConfiguration mutating(Harness h) {
    return h.client()
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName(PeerPods.MUTATING_WEBHOOK_CONFIGURATION)
        .get();
  }

  @Test
  void deployedWithItsCaRenewedBeforeExpiryAndRemovedOnUninstall() throws Exception {
    try (Harness h = new Harness(true, 1, Duration.ofMillis(100))) {
      h.create(DocumentedSequenceTest.EXAMPLE);
      h.awaitInstalled("example-kataconfig", 1);
      Await.until(Harness.TIMEOUT, "webhook deployed", () -> mutating(h) != null);

      var deployment =
          h.client()
              .apps()
              .deployments()
              .inNamespace(Names.OPERATOR_NAMESPACE)
              .withName(PeerPods.WEBHOOK_DEPLOYMENT)
              .get();
      assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
      assertThat(
              h.client()
                  .services()
                  .inNamespace(Names.OPERATOR_NAMESPACE)
                  .withName(PeerPods.WEBHOOK_SERVICE)
                  .get())
          .isNotNull();
      var hook = mutating(h).getWebhooks().get(0);
      assertThat(hook.getFailurePolicy()).isEqualTo("Fail");
      assertThat(hook.getClientConfig().getService().getPath()).isEqualTo("/mutate-v1-pod");
      assertThat(hook.getNamespaceSelector().getMatchExpressions().get(0).getValues())
          .contains("kube-system", Names.OPERATOR_NAMESPACE);
      String ca = secret(h).getData().get(WebhookCertificates.CA);
      assertThat(hook.getClientConfig().getCaBundle()).isEqualTo(ca);
      assertThat(
              h.client()
                  .admissionRegistration()
                  .v1()
                  .validatingWebhookConfigurations()
                  .withName(WebhookModel.VALIDATING_CONFIGURATION)
                  .get()
                  .getWebhooks()
                  .get(0)
                  .getClientConfig()
                  .getCaBundle())
          .isEqualTo(ca);

      // A pass that changes nothing writes nothing.
      String secretVersion = secret(h).getMetadata().getResourceVersion();
      String hookVersion = mutating(h).getMetadata().getResourceVersion();
      var firstPass = h.restartOperatorAndAwaitPass("example-kataconfig");
      assertThat(h.requests.writes()).as("writes: " + firstPass).isZero();
      var steady = h.steadyPass("example-kataconfig");
      assertThat(h.requests.total()).as("requests of a steady pass: " + steady).isZero();
      assertThat(secret(h).getMetadata().getResourceVersion()).isEqualTo(secretVersion);
      assertThat(mutating(h).getMetadata().getResourceVersion()).isEqualTo(hookVersion);

      // A serving certificate for the wrong name (or near expiry) is replaced under the same CA.
      var issuedElsewhere =
          WebhookCertificates.issue(null, java.util.List.of("wrong.svc"), java.time.Instant.now());
      h.client()
          .secrets()
          .inNamespace(Names.OPERATOR_NAMESPACE)
          .withName(PeerPods.WEBHOOK_SECRET)
          .edit(
              s -> {
                s.getData()
                    .put(
                        WebhookCertificates.CERT,
                        Base64.getEncoder()
                            .encodeToString(
                                issuedElsewhere
                                    .get(WebhookCertificates.CERT)
                                    .getBytes(StandardCharsets.US_ASCII)));
                return s;
              });
      h.restartOperator();
      Await.until(
          Harness.TIMEOUT,
          "certificate renewed",
          () ->
              WebhookCertificates.usable(
                  decode(secret(h)),
                  WebhookCertificates.dnsNames(PeerPods.WEBHOOK_SERVICE, Names.OPERATOR_NAMESPACE),
                  java.time.Instant.now()));
      assertThat(secret(h).getData().get(WebhookCertificates.CA)).isEqualTo(ca);

      h.client().resources(KataConfig.class).withName("example-kataconfig").delete();
      h.awaitGone("example-kataconfig");
      assertThat(mutating(h)).isNull();
      assertThat(secret(h)).isNull();
      assertThat(
              h.client()
                  .apps()
                  .deployments()
                  .inNamespace(Names.OPERATOR_NAMESPACE)
                  .withName(PeerPods.WEBHOOK_DEPLOYMENT)
                  .get())
          .isNull();
    }
  }

  @Test
  void certManagerIssuesTheCertificateAndInjectsTheCaWhenTheClusterHasIt() throws Exception {
    try (Harness h = new Harness(true, 1, Duration.ofMillis(100));
        CertManagerSimulator certManager = startCertManager(h)) {
      h.create(DocumentedSequenceTest.EXAMPLE);
      h.awaitInstalled("example-kataconfig", 1);
      // The injector writes the mutating configuration, then the validating one.
      Await.until(
          Harness.TIMEOUT,
          "CA injected",
          () ->
              mutating(h) != null
                  && secret(h) != null
                  && secret(h)
                      .getData()
                      .get(WebhookCertificates.CA)
                      .equals(mutating(h).getWebhooks().get(0).getClientConfig().getCaBundle())
                  && secret(h)
                      .getData()
                      .get(WebhookCertificates.CA)
                      .equals(
                          h.client()
                              .admissionRegistration()
                              .v1()
                              .validatingWebhookConfigurations()
                              .withName(WebhookModel.VALIDATING_CONFIGURATION)
                              .get()
                              .getWebhooks()
                              .get(0)
                              .getClientConfig()
                              .getCaBundle()));

      var certificate =
          h.client()
              .genericKubernetesResources(CertManagerResources.CERTIFICATES)
              .inNamespace(Names.OPERATOR_NAMESPACE)
              .withName(PeerPods.WEBHOOK_CERTIFICATE)
              .get();
      assertThat((String) certificate.get("spec", "secretName")).isEqualTo(PeerPods.WEBHOOK_SECRET);
      assertThat((java.util.List<String>) certificate.get("spec", "dnsNames"))
          .containsExactly(
              "peer-pods-webhook-svc.openshift-sandboxed-containers-operator.svc",
              "peer-pods-webhook-svc.openshift-sandboxed-containers-operator.svc.cluster.local");
      assertThat(
              h.client()
                  .genericKubernetesResources(CertManagerResources.ISSUERS)
                  .inNamespace(Names.OPERATOR_NAMESPACE)
                  .withName(PeerPods.WEBHOOK_ISSUER)
                  .get()
                  .<Object>get("spec", "selfSigned"))
          .isNotNull();
      // cert-manager's Secret, not ours: no CA key of our own was made.
      assertThat(secret(h).getData()).doesNotContainKey(WebhookCertificates.CA_KEY);
      assertThat(mutating(h).getMetadata().getAnnotations())
          .containsEntry(
              PeerPods.ANNOTATION_INJECT_CA_FROM,
              Names.OPERATOR_NAMESPACE + "/" + PeerPods.WEBHOOK_CERTIFICATE);
      assertThat(
              h.client()
                  .admissionRegistration()
                  .v1()
                  .validatingWebhookConfigurations()
                  .withName(WebhookModel.VALIDATING_CONFIGURATION)
                  .get()
                  .getWebhooks()
                  .get(0)
                  .getClientConfig()
                  .getCaBundle())
          .isEqualTo(secret(h).getData().get(WebhookCertificates.CA));

      // The operator never clears the injected caBundle nor rewrites what did not change.
      String hookVersion = mutating(h).getMetadata().getResourceVersion();
      var firstPass = h.restartOperatorAndAwaitPass("example-kataconfig");
      assertThat(h.requests.snapshot().keySet())
          .as("writes: " + firstPass)
          .noneMatch(k -> k.startsWith("update") || k.startsWith("create"));
      var steady = h.steadyPass("example-kataconfig");
      assertThat(h.requests.total()).as("requests of a steady pass: " + steady).isZero();
      assertThat(mutating(h).getMetadata().getResourceVersion()).isEqualTo(hookVersion);
      assertThat(certManager.issued()).isEqualTo(1);

      h.client().resources(KataConfig.class).withName("example-kataconfig").delete();
      h.awaitGone("example-kataconfig");
      assertThat(
              h.client()
                  .genericKubernetesResources(CertManagerResources.CERTIFICATES)
                  .inNamespace(Names.OPERATOR_NAMESPACE)
                  .list()
                  .getItems())
          .isEmpty();
      assertThat(
              h.client()
                  .genericKubernetesResources(CertManagerResources.ISSUERS)
                  .inNamespace(Names.OPERATOR_NAMESPACE)
                  .list()
                  .getItems())
          .isEmpty();
      assertThat(secret(h)).isNull();
      assertThat(mutating(h)).isNull();
    }
  }

  private static CertManagerSimulator startCertManager(Harness h) {
    Crds.installCertManager(h.client());
    return new CertManagerSimulator(h.client(), Names.OPERATOR_NAMESPACE).start();
  }

  private static java.util.Map<String, String> decode(Secret s) {
    var out = new java.util.HashMap<String, String>();
    s.getData()
        .forEach(
            (k, v) ->
                out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.US_ASCII)));
    return out;
  }
}
