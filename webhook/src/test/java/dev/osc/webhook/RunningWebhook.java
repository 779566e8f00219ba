package dev.osc.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.osc.metrics.Metrics;
import dev.osc.testkit.TestCerts;
import dev.osc.tls.Identity;
import dev.osc.tls.KeyAlgorithm;
import dev.osc.tls.KeyFormat;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The admission server on loopback with a fresh self-signed certificate, and a client for it. */
final class RunningWebhook implements AutoCloseable {
  static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final ObjectMapper TREE = new ObjectMapper();

  /** A guard against a hang, not a performance bound. */
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  final Path certDir;
  final Identity certificate;

  /** The KataConfigs the validating webhook sees in the "cluster". */
  final List<String> kataConfigs = new CopyOnWriteArrayList<>();

  final AdmissionServer server;
  final Metrics metrics = new Metrics();
  private final HttpClient client;

  RunningWebhook(Path certDir) throws IOException {
    this.certDir = certDir;
    this.certificate = TestCerts.selfSigned("webhook", KeyAlgorithm.EC_P256);
    TestCerts.write(certDir, certificate, KeyFormat.SEC1);
    this.server =
        AdmissionServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            ServingCertificate.load(certDir),
            PodMutator.fromEnv(Map.of()),
            new KataConfigAdmission(() -> List.copyOf(kataConfigs)),
            new AdmissionMetrics(metrics));
    this.client = client("TLS", certificate.certificate());
  }

  /** A new client: new connections, no TLS session to resume. */
  HttpClient client(String protocol, X509Certificate... trusted) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(TestCerts.trusting(protocol, trusted))
        .connectTimeout(TIMEOUT)
        .build();
  }

  URI uri(String path) {
    return URI.create("https://localhost:" + server.port() + path);
  }

  HttpResponse<String> send(String method, String path, byte[] body) {
    return send(client, method, path, body);
  }

  HttpResponse<String> send(HttpClient c, String method, String path, byte[] body) {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body);
    try {
      return c.send(
          HttpRequest.newBuilder(uri(path))
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .method(method, publisher)
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> post(String path, String body) {
    return send("POST", path, body.getBytes(StandardCharsets.UTF_8));
  }

  /** An AdmissionReview v1 request as the API server sends it. */
  static String review(String uid, String operation, Object object) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("uid", uid);
    request.put("operation", operation);
    request.put("object", object);
    Map<String, Object> review = new LinkedHashMap<>();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    review.put("request", request);
    return JSON.asJson(review);
  }

  static JsonNode tree(String json) {
    try {
      return TREE.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
