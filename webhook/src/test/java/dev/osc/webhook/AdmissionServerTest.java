package dev.osc.webhook;

import static dev.osc.webhook.RunningWebhook.review;
import static dev.osc.webhook.RunningWebhook.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osc.api.PeerPods;
import dev.osc.api.v1.KataConfig;
import dev.osc.testkit.TestCerts;
import dev.osc.tls.Identity;
import dev.osc.tls.KeyAlgorithm;
import dev.osc.tls.KeyFormat;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AdmissionServerTest {
  private static final String MUTATE = "/mutate-v1-pod";
  private static final String VALIDATE = "/validate-kataconfig";

  @TempDir Path certDir;
  private RunningWebhook webhook;

  @BeforeEach
  void start() throws IOException {
    webhook = new RunningWebhook(certDir);
  }

  @AfterEach
  void stop() {
    webhook.close();
  }

  private static Pod pod(String runtimeClass, String cpu, String memory) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .withNamespace("ns")
        .endMetadata()
        .withNewSpec()
        .withRuntimeClassName(runtimeClass)
        .addNewContainer()
        .withName("app")
        .withImage("busybox")
        .withNewResources()
        .addToLimits("cpu", new Quantity(cpu))
        .addToLimits("memory", new Quantity(memory))
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  private static KataConfig kataConfig(String name, String logLevel) {
    KataConfig kc = new KataConfig();
    kc.getMetadata().setName(name);
    kc.getSpec().setLogLevel(logLevel);
    return kc;
  }

  /** The response part of a 200 answer, checked to be an AdmissionReview v1 for {@code uid}. */
  private static JsonNode response(HttpResponse<String> r, String uid) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode review = tree(r.body());
    assertThat(review.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
    assertThat(review.path("response").path("uid").asText()).isEqualTo(uid);
    return review.path("response");
  }

  // --- admission ----------------------------------------------------------------------------

  @Test
  void mutatesAPeerPodWithABase64JsonPatch() {
    Pod pod = pod("kata-remote", "2", "4Gi");

    JsonNode response = response(webhook.post(MUTATE, review("u-1", "CREATE", pod)), "u-1");

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    JsonNode patch =
        tree(
            new String(
                Base64.getDecoder().decode(response.path("patch").asText()),
                StandardCharsets.UTF_8));
    Pod after =
        RunningWebhook.JSON.convertValue(
            JsonPatch.apply(patch, RunningWebhook.JSON.convertValue(pod, JsonNode.class)),
            Pod.class);
    assertThat(after.getMetadata().getAnnotations())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                PeerPods.ANNOTATION_DEFAULT_VCPUS,
                "2",
                PeerPods.ANNOTATION_DEFAULT_MEMORY,
                "4096"));
    assertThat(after.getSpec().getContainers().get(0).getResources().getLimits())
        .isEqualTo(Map.of("kata.peerpods.io/vm", new Quantity("1")));
  }

  @Test
  void passesOtherPodsThroughWithoutAPatch() {
    JsonNode response =
        response(webhook.post(MUTATE, review("u-2", "CREATE", pod("kata", "2", "4Gi"))), "u-2");

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("patch")).isFalse();
    assertThat(response.has("patchType")).isFalse();
  }

  @Test
  void refusesASecondKataConfig() {
    webhook.kataConfigs.add("example-kataconfig");

    JsonNode response =
        response(
            webhook.post(VALIDATE, review("u-3", "CREATE", kataConfig("second", "info"))), "u-3");

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("code").asInt()).isEqualTo(403);
    assertThat(response.path("status").path("message").asText())
        .isEqualTo(
            "A KataConfig instance already exists, refusing to create a duplicate (existing:"
                + " example-kataconfig)");
  }

  @Test
  void refusesAnInvalidKataConfigSpecAndAdmitsAValidOne() {
    JsonNode refused =
        response(webhook.post(VALIDATE, review("u-4", "UPDATE", kataConfig("kc", "loud"))), "u-4");
    JsonNode admitted =
        response(webhook.post(VALIDATE, review("u-5", "CREATE", kataConfig("kc", "debug"))), "u-5");

    assertThat(refused.path("allowed").asBoolean()).isFalse();
    assertThat(refused.path("status").path("code").asInt()).isEqualTo(422);
    assertThat(refused.path("status").path("message").asText())
        .startsWith("spec.logLevel: Unsupported value: \"loud\"");
    assertThat(admitted.path("allowed").asBoolean()).isTrue();
    assertThat(webhook.post(VALIDATE, "{}").statusCode()).isEqualTo(400);
    webhook.send("GET", "/healthz", new byte[0]);

    assertThat(
            webhook.metrics.value(
                AdmissionMetrics.ADMISSIONS, "path", VALIDATE, "result", "denied"))
        .isEqualTo(1);
    assertThat(
            webhook.metrics.value(
                AdmissionMetrics.ADMISSIONS, "path", VALIDATE, "result", "allowed"))
        .isEqualTo(1);
    assertThat(
            webhook.metrics.value(
                AdmissionMetrics.ADMISSIONS, "path", VALIDATE, "result", "bad_request"))
        .isEqualTo(1);
    assertThat(webhook.metrics.value(AdmissionMetrics.SECONDS, "path", VALIDATE)).isEqualTo(3);
    assertThat(webhook.metrics.render()).doesNotContain("/healthz");
  }

  @Test
  void fieldsTheModelDoesNotKnowAreIgnored() {
    String body =
        review("u-7", "CREATE", kataConfig("kc", "info"))
            .replace("\"logLevel\":\"info\"", "\"logLevel\":\"info\",\"enableMixedCluster\":true");
    assertThat(body).contains("enableMixedCluster");

    assertThat(response(webhook.post(VALIDATE, body), "u-7").path("allowed").asBoolean()).isTrue();
  }

  // --- what is not an AdmissionReview -------------------------------------------------------

  static Stream<Arguments> badRequests() {
    String pod = RunningWebhook.JSON.asJson(pod("kata-remote", "1", "1Gi"));
    String ok = review("u", "CREATE", pod("kata-remote", "1", "1Gi"));
    return Stream.of(
        Arguments.of(
            "malformed JSON",
            MUTATE,
            "{\"apiVersion\": ",
            "request body is not valid JSON (line 1, column 16)"),
        Arguments.of("trailing garbage", MUTATE, ok + "}", "request body is not valid JSON"),
        Arguments.of("empty body", MUTATE, "", "request body is empty"),
        Arguments.of("a JSON array", MUTATE, "[]", "request body is not an AdmissionReview"),
        Arguments.of(
            "a Pod, not a review",
            MUTATE,
            pod,
            "request body is not an AdmissionReview: expected kind AdmissionReview and"
                + " apiVersion admission.k8s.io/v1"),
        Arguments.of(
            "v1beta1",
            MUTATE,
            ok.replace("admission.k8s.io/v1", "admission.k8s.io/v1beta1"),
            "request body is not an AdmissionReview"),
        Arguments.of(
            "no request",
            MUTATE,
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}",
            "AdmissionReview has no request"),
        Arguments.of(
            "no uid",
            MUTATE,
            ok.replace("\"uid\":\"u\",", ""),
            "AdmissionReview request has no uid"),
        Arguments.of(
            "empty uid",
            MUTATE,
            ok.replace("\"uid\":\"u\"", "\"uid\":\"\""),
            "AdmissionReview request has no uid"),
        Arguments.of(
            "no object",
            MUTATE,
            review("u", "CREATE", null),
            "AdmissionReview request has no object"),
        Arguments.of(
            "request of the wrong type",
            MUTATE,
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":7}",
            "request: wrong JSON type"),
        Arguments.of(
            "containers of the wrong type",
            MUTATE,
            review(
                "u",
                "CREATE",
                Map.of("apiVersion", "v1", "kind", "Pod", "spec", Map.of("containers", Map.of()))),
            "request.object.spec.containers: wrong JSON type"),
        Arguments.of(
            "a KataConfig sent to the pod webhook",
            MUTATE,
            review("u", "CREATE", kataConfig("kc", "info")),
            "request.object must be a Pod"),
        Arguments.of(
            "a Pod sent to the KataConfig webhook",
            VALIDATE,
            ok,
            "request.object must be a KataConfig"),
        Arguments.of(
            "an impossible quantity",
            MUTATE,
            review("u", "CREATE", pod("kata-remote", "1", "1Gi")).replace("\"1Gi\"", "\"lots\""),
            "request.object.spec.containers[0].resources.limits.memory: invalid quantity"
                + " \"lots\": not a quantity"),
        Arguments.of(
            "a quantity out of range",
            MUTATE,
            review("u", "CREATE", pod("kata-remote", "1e40", "1Gi")),
            "request.object.spec.containers[0].resources.limits.cpu: invalid quantity \"1e40\":"
                + " out of range"),
        Arguments.of(
            "a field name with a line break",
            MUTATE,
            review(
                "u",
                "CREATE",
                Map.of(
                    "apiVersion",
                    "v1",
                    "kind",
                    "Pod",
                    "metadata",
                    Map.of("annotations", Map.of("a\nb", Map.of())))),
            "request.object.metadata.annotations.a?b: wrong JSON type"),
        Arguments.of(
            "a very long field name",
            MUTATE,
            review(
                "u",
                "CREATE",
                Map.of(
                    "apiVersion",
                    "v1",
                    "kind",
                    "Pod",
                    "metadata",
                    Map.of("annotations", Map.of("k".repeat(10_000), Map.of())))),
            "request.object.metadata.annotations.kkkk"),
        Arguments.of(
            "duplicate uid",
            MUTATE,
            ok.replace("\"uid\":\"u\"", "\"uid\":\"u\",\"uid\":\"v\""),
            "request body is not valid JSON"),
        Arguments.of(
            "nested too deeply",
            MUTATE,
            "[".repeat(100_000),
            "request body is too deeply nested (over 200 levels)"));
  }

  /**
   * The uid is echoed in the answer, where the API server wants the string it sent: any other JSON
   * type is a malformed review, not a value to turn into a string.
   */
  @ParameterizedTest(name = "uid {0} on {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "42        | number  | " + MUTATE,
        "-4.2e1    | number  | " + MUTATE,
        "true      | boolean | " + MUTATE,
        "false     | boolean | " + VALIDATE,
        "null      | null    | " + MUTATE,
        "null      | null    | " + VALIDATE,
        "{}        | object  | " + MUTATE,
        "{\"u\":1} | object  | " + VALIDATE,
        "[]        | array   | " + MUTATE,
        "[\"u\"]   | array   | " + MUTATE
      })
  void uidThatIsNotAStringGets400NamingIt(String uid, String type, String path) {
    String body =
        review(
                "u",
                "CREATE",
                path.equals(MUTATE) ? pod("kata-remote", "1", "1Gi") : kataConfig("kc", "info"))
            .replace("\"uid\":\"u\"", "\"uid\":" + uid);
    assertThat(body).contains("\"uid\":" + uid);

    HttpResponse<String> r = webhook.post(path, body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo("request.uid: wrong JSON type (expected a string, not " + type + ")\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void badRequestGets400WithOneLineNamingTheProblem(
      String name, String path, String body, String message) {
    HttpResponse<String> r = webhook.post(path, body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(r.body()).contains(message).endsWith("\n").hasLineCount(1).hasSizeLessThan(600);
  }

  @Test
  void bodyOverTheLimitIs400AndOneAtTheLimitIsServed() {
    String ok = review("u-6", "CREATE", pod("kata-remote", "1", "1Gi"));
    byte[] atLimit =
        (ok + " ".repeat(AdmissionServer.MAX_BODY_BYTES - ok.length()))
            .getBytes(StandardCharsets.UTF_8);
    byte[] overLimit =
        (ok + " ".repeat(AdmissionServer.MAX_BODY_BYTES - ok.length() + 1))
            .getBytes(StandardCharsets.UTF_8);

    assertThat(response(webhook.send("POST", MUTATE, atLimit), "u-6").path("allowed").asBoolean())
        .isTrue();
    HttpResponse<String> refused = webhook.send("POST", MUTATE, overLimit);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).isEqualTo("request body is larger than 3145728 bytes (3 MiB)\n");
  }

  // --- HTTP ---------------------------------------------------------------------------------

  static Stream<Arguments> methodsAndPaths() {
    return Stream.of(
        Arguments.of("GET", MUTATE, 405, "POST"),
        Arguments.of("PUT", VALIDATE, 405, "POST"),
        Arguments.of("POST", "/healthz", 405, "GET"),
        Arguments.of("GET", "/healthz", 200, null),
        Arguments.of("GET", "/", 404, null),
        Arguments.of("POST", "/mutate-v1-pod/extra", 404, null),
        Arguments.of("POST", "/validate-kataconfiguration-openshift-io-v1-kataconfig", 404, null));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("methodsAndPaths")
  void methodsAndPaths(String method, String path, int status, String allow) {
    HttpResponse<String> r = webhook.send(method, path, new byte[0]);

    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("Allow").orElse(null)).isEqualTo(allow);
    if (status == 404) {
      assertThat(r.body())
          .isEqualTo(
              "not found: this webhook serves /mutate-v1-pod,"
                  + " /validate-kataconfig, /healthz\n");
    }
  }

  // --- TLS ----------------------------------------------------------------------------------

  @Test
  void nextConnectionSeesARotatedCertificate() throws IOException {
    Identity next = TestCerts.selfSigned("webhook-rotated", KeyAlgorithm.RSA_2048);
    X509Certificate first = webhook.certificate.certificate();
    HttpClient before = webhook.client("TLS", first, next.certificate());
    assertThat(peer(webhook.send(before, "GET", "/healthz", null))).isEqualTo(first);

    TestCerts.write(certDir, next, KeyFormat.PKCS8);

    HttpClient after = webhook.client("TLS", first, next.certificate());
    assertThat(peer(webhook.send(after, "GET", "/healthz", null))).isEqualTo(next.certificate());
    HttpClient trustsOnlyTheOld = webhook.client("TLS", first);
    assertThatThrownBy(() -> webhook.send(trustsOnlyTheOld, "GET", "/healthz", null))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void brokenNewCertificateKeepsTheServingOne() throws IOException {
    TestCerts.write(
        certDir,
        TestCerts.selfSigned("x", KeyAlgorithm.EC_P256).certificatePem(),
        webhook.certificate.keyPem(KeyFormat.SEC1));

    HttpResponse<String> r = webhook.send("GET", "/healthz", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(peer(r)).isEqualTo(webhook.certificate.certificate());
  }

  @Test
  void servesTls12Clients() {
    HttpClient tls12 = webhook.client("TLSv1.2", webhook.certificate.certificate());

    HttpResponse<String> r = webhook.send(tls12, "GET", "/healthz", null);

    assertThat(r.body()).isEqualTo("ok\n");
    assertThat(r.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.2");
  }

  private static Object peer(HttpResponse<?> r) {
    try {
      return r.sslSession().orElseThrow().getPeerCertificates()[0];
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      throw new IllegalStateException(e);
    }
  }
}
