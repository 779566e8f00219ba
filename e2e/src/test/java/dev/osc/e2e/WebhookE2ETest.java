package dev.osc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import dev.osc.api.PeerPods;
import dev.osc.api.v1.KataConfig;
import dev.osc.testkit.Crds;
import dev.osc.testkit.RealApi;
import dev.osc.testkit.TestCerts;
import dev.osc.tls.Identity;
import dev.osc.tls.KeyAlgorithm;
import dev.osc.tls.KeyFormat;
import dev.osc.webhook.AdmissionServer;
import dev.osc.webhook.KataConfigAdmission;
import dev.osc.webhook.PodMutator;
import dev.osc.webhook.ServingCertificate;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real API server calls our admission webhook over TLS (registered by URL with the certificate
 * as caBundle): peer pods are mutated as the docs describe, other pods pass, and a second
 * KataConfig is refused at admission.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookE2ETest {
  private RealApi api;
  private KubernetesClient client;
  private Kubectl kubectl;
  private AdmissionServer server;

  @BeforeAll
  void start() throws Exception {
    api = RealApiExtension.startOrSkip();
    client = api.client();
    kubectl = new Kubectl(api.kubeconfig());
    Crds.installOurs(client);
    Path certs = Files.createTempDirectory("webhook-certs");
    Identity cert = TestCerts.selfSigned("localhost", KeyAlgorithm.EC_P256);
    TestCerts.write(certs, cert, KeyFormat.SEC1);
    server =
        AdmissionServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            ServingCertificate.load(certs),
            PodMutator.fromEnv(Map.of()),
            new KataConfigAdmission(
                () ->
                    client.resources(KataConfig.class).list().getItems().stream()
                        .map(k -> k.getMetadata().getName())
                        .toList()));
    String base = "https://127.0.0.1:" + server.port();
    String caBundle =
        Base64.getEncoder()
            .encodeToString(cert.certificatePem().getBytes(StandardCharsets.US_ASCII));
    client
        .resource(
            new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(PeerPods.MUTATING_WEBHOOK_CONFIGURATION)
                .endMetadata()
                .addNewWebhook()
                .withName(PeerPods.MUTATING_WEBHOOK)
                .withNewClientConfig()
                .withUrl(base + PeerPods.PATH_MUTATE_POD)
                .withCaBundle(caBundle)
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
                .withNewNamespaceSelector()
                .addNewMatchExpression()
                .withKey("kubernetes.io/metadata.name")
                .withOperator("NotIn")
                .withValues("kube-system", Names.OPERATOR_NAMESPACE)
                .endMatchExpression()
                .endNamespaceSelector()
                .endWebhook()
                .build())
        .create();
    client
        .resource(
            new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName("kataconfig-validation")
                .endMetadata()
                .addNewWebhook()
                .withName("vkataconfig.kataconfiguration.openshift.io")
                .withNewClientConfig()
                .withUrl(base + "/validate-kataconfig")
                .withCaBundle(caBundle)
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
                .build())
        .create();
    client
        .resource(
            new RuntimeClassBuilder()
                .withNewMetadata()
                .withName(Names.RUNTIME_CLASS_KATA_REMOTE)
                .endMetadata()
                .withHandler(Names.RUNTIME_CLASS_KATA_REMOTE)
                .build())
        .create();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void aDeploymentsPeerPodIsMutatedOverTls() {
    Deployment d =
        client
            .getKubernetesSerialization()
            .unmarshal(
                """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: untrusted, namespace: default}
        spec:
          selector: {matchLabels: {app: untrusted}}
          template:
            metadata: {labels: {app: untrusted}}
            spec:
              runtimeClassName: kata-remote
              containers:
              - name: app
                image: busybox
                resources:
                  requests: {cpu: 500m, memory: 1Gi}
                  limits: {cpu: "2", memory: 4Gi}
              - name: sidecar
                image: busybox
                resources: {requests: {cpu: 100m, memory: 128Mi}}
        """,
                Deployment.class);
    client.resource(d).create();
    // No controllers run here: create the pod from the template as the ReplicaSet controller would.
    Pod pod =
        client
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("untrusted-abc12")
                    .withNamespace("default")
                    .withLabels(Map.of("app", "untrusted"))
                    .endMetadata()
                    .withSpec(d.getSpec().getTemplate().getSpec())
                    .build())
            .create();

    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry(PeerPods.ANNOTATION_DEFAULT_VCPUS, "3")
        .containsEntry(PeerPods.ANNOTATION_DEFAULT_MEMORY, "4224");
    assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits())
        .containsOnlyKeys(PeerPods.VM_RESOURCE);
    assertThat(pod.getSpec().getContainers().get(0).getResources().getRequests())
        .containsOnlyKeys(PeerPods.VM_RESOURCE);
    assertThat(pod.getSpec().getContainers().get(1).getResources().getRequests()).isEmpty();
    assertThat(
            kubectl.ok(
                "get",
                "pod",
                "untrusted-abc12",
                "-o",
                "jsonpath={.spec.containers[0].resources.limits}"))
        .contains("kata.peerpods.io/vm");
  }

  @Test
  void otherPodsPassUntouched() {
    Pod pod =
        client
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("plain")
                    .withNamespace("default")
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("app")
                    .withImage("busybox")
                    .withNewResources()
                    .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("250m"))
                    .endResources()
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
    assertThat(pod.getMetadata().getAnnotations())
        .doesNotContainKey(PeerPods.ANNOTATION_DEFAULT_VCPUS);
    assertThat(pod.getSpec().getContainers().get(0).getResources().getRequests())
        .containsOnlyKeys("cpu");
  }

  @Test
  void aSecondKataConfigIsRefusedAtAdmission() throws Exception {
    kubectl.ok("create", "-f", "examples/example-kataconfig.yaml");
    Path second = Files.createTempFile("second-", ".yaml");
    Files.writeString(
        second,
        Files.readString(Path.of("examples/example-kataconfig.yaml"))
            .replace("name: example-kataconfig", "name: second"));
    Kubectl.Result refused = kubectl.run("create", "-f", second.toString());
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).contains("already exists").contains("example-kataconfig");
    assertThat(kubectl.ok("get", "kataconfig", "-o", "name"))
        .isEqualTo("kataconfig.kataconfiguration.openshift.io/example-kataconfig\n");
    client.resources(KataConfig.class).withName("example-kataconfig").delete();
  }
}
