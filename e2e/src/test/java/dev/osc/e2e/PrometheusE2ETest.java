package dev.osc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.osc.api.Names;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.v1.KataConfig;
import dev.osc.caa.CaaDaemon;
import dev.osc.caa.CaaSettings;
import dev.osc.caa.cloud.local.LocalForwarders;
import dev.osc.caa.cloud.local.LocalProvider;
import dev.osc.metrics.Metrics;
import dev.osc.metrics.MetricsServer;
import dev.osc.operator.OperatorSettings;
import dev.osc.operator.OscOperator;
import dev.osc.operator.metrics.OperatorMetrics;
import dev.osc.operator.monitoring.KataMonitorModel;
import dev.osc.testkit.Await;
import dev.osc.testkit.Crds;
import dev.osc.testkit.LocalAdaptorEnv;
import dev.osc.testkit.RealApi;
import dev.osc.testkit.SimulatedCluster;
import dev.osc.testkit.TestCerts;
import dev.osc.tls.Identity;
import dev.osc.tls.KeyAlgorithm;
import dev.osc.tls.KeyFormat;
import dev.osc.tls.TlsContexts;
import dev.osc.webhook.AdmissionMetrics;
import dev.osc.webhook.AdmissionServer;
import dev.osc.webhook.KataConfigAdmission;
import dev.osc.webhook.PodMutator;
import dev.osc.webhook.ServingCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Debian's Prometheus, started by the test, scrapes the operator, the webhook and the adaptor over
 * HTTPS on the real API server test bed, with deploy/monitoring's rules loaded: each of our series
 * comes back through its HTTP API, the rules are evaluated, the KataConfig's installation shows as
 * {@code kata_config_installation_success 1}, and every query of the dashboard runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusE2ETest {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final List<AutoCloseable> running = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private Path dir;
  private SimulatedCluster cluster;
  private Process prometheus;
  private String prometheusUrl;

  @BeforeAll
  void start() throws Exception {
    assumeTrue(
        Files.isExecutable(PROMETHEUS),
        "no " + PROMETHEUS + " (Debian package prometheus; scripts/deps.sh installs it)");
    RealApi api = RealApiExtension.startOrSkip();
    dir = Files.createTempDirectory("oscx-prometheus");
    cluster = SimulatedCluster.start(api, 1, true, Duration.ofMillis(300));
    running.add(cluster);
    var client = cluster.client();
    // The Prometheus operator's API, as far as the operator needs it to make a ServiceMonitor.
    Crds.installServiceMonitor(client);

    Metrics operatorMetrics = new Metrics();
    running.add(
        OscOperator.start(
            client, OperatorSettings.defaults(), new OperatorMetrics(operatorMetrics, client)));
    MetricsServer operator = MetricsServer.selfSigned(loopback(), "localhost", operatorMetrics);
    running.add(operator);

    Path certs = Files.createDirectories(dir.resolve("webhook-certs"));
    Identity cert = TestCerts.selfSigned("localhost", KeyAlgorithm.EC_P256);
    TestCerts.write(certs, cert, KeyFormat.SEC1);
    ServingCertificate serving = ServingCertificate.load(certs);
    Metrics webhookMetrics = new Metrics();
    AdmissionServer webhook =
        AdmissionServer.start(
            loopback(),
            serving,
            PodMutator.fromEnv(Map.of()),
            new KataConfigAdmission(List::of),
            new AdmissionMetrics(webhookMetrics));
    running.add(webhook);
    MetricsServer webhookMetricsServer =
        MetricsServer.start(loopback(), AdmissionServer.tls(serving), webhookMetrics);
    running.add(webhookMetricsServer);
    admitOneKataConfig(webhook.port(), cert);

    int caaPort = freePort();
    int forwarderPort = freePort();
    LocalProvider cloud =
        new LocalProvider(
            Duration.ZERO,
            new LocalForwarders(dir.resolve("vms"), forwarderPort, dir.resolve("agent.sock")));
    running.add(cloud);
    running.add(
        CaaDaemon.start(
            CaaSettings.from(
                LocalAdaptorEnv.in(dir.resolve("caa"), "worker-0")
                    .with(PeerPodsKeys.METRICS_PORT, Integer.toString(caaPort))
                    .with(PeerPodsKeys.FORWARDER_PORT, Integer.toString(forwarderPort))
                    .with(PeerPodsKeys.TUNNEL_TYPE, "none")
                    .build()),
            cloud,
            client,
            new Metrics()));

    KataConfig kc = new KataConfig();
    kc.getMetadata().setName("example-kataconfig");
    kc.getSpec().setEnablePeerPods(false);
    client.resource(kc).create();

    startPrometheus(operator.port(), webhookMetricsServer.port(), caaPort);
  }

  @AfterAll
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy(); // by its pid: the process this test started
      prometheus.waitFor();
    }
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void scrapesEveryEndpointOverTlsAndReturnsEachOfOurSeries() {
    Await.until(
        TIMEOUT,
        "three targets up",
        () ->
            query("sum(up{job=~\"osc-.*|peer-pods-.*\"})")
                .path(0)
                .path("value")
                .path(1)
                .asText()
                .equals("3"),
        () -> get("/api/v1/targets").toString());
    for (String series :
        List.of(
            OperatorMetrics.INSTALLATION_SUCCESS,
            OperatorMetrics.REMOTE_RUNTIMECLASS,
            OperatorMetrics.TOTAL_REMOTE_PODS,
            OperatorMetrics.FAILED_REMOTE_PODS,
            OperatorMetrics.FAILURE_RATIO,
            OperatorMetrics.RECONCILES,
            OperatorMetrics.RECONCILE_SECONDS + "_count",
            AdmissionMetrics.ADMISSIONS,
            AdmissionMetrics.SECONDS + "_count",
            "osc_caa_vms_running",
            "osc_caa_proxy_connections",
            "osc_caa_vm_create_seconds_count")) {
      Await.until(TIMEOUT, series, () -> !query(series).isEmpty(), () -> series + " missing");
    }
    assertThat(query("osc_webhook_admissions_total").path(0).path("metric").path("result").asText())
        .isEqualTo("allowed");
    Await.until(
        TIMEOUT,
        "the installation reported as a success",
        () -> query(OperatorMetrics.INSTALLATION_SUCCESS + " == 1").size() == 1,
        () -> query(OperatorMetrics.INSTALLATION_SUCCESS).toString());
  }

  @Test
  void theInstalledKataConfigGetsKataMonitorWithItsServiceAndServiceMonitor() {
    var client = cluster.client();
    String ns = Names.OPERATOR_NAMESPACE;
    Await.until(
        TIMEOUT,
        "kata-monitor's ServiceMonitor",
        () ->
            client
                    .genericKubernetesResources("monitoring.coreos.com/v1", "ServiceMonitor")
                    .inNamespace(ns)
                    .withName(KataMonitorModel.NAME)
                    .get()
                != null);
    assertThat(client.apps().daemonSets().inNamespace(ns).withName(KataMonitorModel.NAME).get())
        .isNotNull();
    assertThat(client.services().inNamespace(ns).withName(KataMonitorModel.NAME).get()).isNotNull();
  }

  @Test
  void loadsAndEvaluatesTheRulesAndRunsEveryDashboardQuery() throws IOException {
    Await.until(
        TIMEOUT,
        "every rule evaluated",
        () -> {
          List<JsonNode> rules = new ArrayList<>();
          get("/api/v1/rules")
              .path("data")
              .path("groups")
              .forEach(g -> g.path("rules").forEach(rules::add));
          return rules.size() == 5
              && rules.stream()
                  .allMatch(
                      r ->
                          r.path("health").asText().equals("ok")
                              && !r.path("lastEvaluation").asText().startsWith("0001"));
        },
        () -> get("/api/v1/rules").toString());
    JsonNode names = get("/api/v1/rules").path("data").path("groups");
    assertThat(names.toString())
        .contains(
            "cluster:kata_monitor_running_shim_count:sum",
            "KataRemoteWorkloadFailureHigh",
            "PeerPodVMsFailingToCreate",
            "PeerPodLeakedVMsDeleted",
            "CloudApiAdaptorDown");

    JsonNode dashboard =
        JSON.readTree(
            YAML.readTree(Path.of("deploy/monitoring/40-dashboard.yaml").toFile())
                .path("data")
                .path("sandboxed-containers.json")
                .asText());
    int queries = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        JsonNode answer = get("/api/v1/query?query=" + encode(target.path("expr").asText()));
        assertThat(answer.path("status").asText())
            .as(panel.path("title").asText() + ": " + answer)
            .isEqualTo("success");
        queries++;
      }
    }
    assertThat(queries).isEqualTo(dashboard.path("panels").size()).isGreaterThan(10);
  }

  private void admitOneKataConfig(int port, Identity cert) throws Exception {
    String review =
        """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-1",\
        "operation":"CREATE","object":{"apiVersion":"kataconfiguration.openshift.io/v1",\
        "kind":"KataConfig","metadata":{"name":"example-kataconfig"},"spec":{}}}}""";
    HttpClient tls =
        HttpClient.newBuilder().sslContext(TlsContexts.trusting("TLS", cert.certificate())).build();
    var response =
        tls.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/validate-kataconfig"))
                .POST(HttpRequest.BodyPublishers.ofString(review))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  /** The three jobs named as deploy/monitoring's Services (the alerts use them), every second. */
  private void startPrometheus(int operator, int webhook, int caa) throws Exception {
    JsonNode rule = YAML.readTree(Path.of("deploy/monitoring/30-prometheusrule.yaml").toFile());
    Path rules = dir.resolve("rules.yaml");
    YAML.writeValue(rules.toFile(), rule.path("spec"));
    StringBuilder config =
        new StringBuilder(
            "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                + "rule_files: ['"
                + rules
                + "']\nscrape_configs:\n");
    Map.of(
            "osc-operator-metrics",
            operator,
            "peer-pods-webhook-metrics",
            webhook,
            "osc-caa-metrics",
            caa)
        .forEach(
            (job, port) ->
                config.append(
                    "- job_name: "
                        + job
                        + "\n  scheme: https\n  tls_config: {insecure_skip_verify: true}\n"
                        + "  static_configs: [{targets: ['127.0.0.1:"
                        + port
                        + "']}]\n"));
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, config);
    int port = freePort();
    prometheusUrl = "http://127.0.0.1:" + port;
    prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    System.err.println(
        "e2e: prometheus pid " + prometheus.pid() + " on " + prometheusUrl + ", data in " + dir);
    Await.until(
        TIMEOUT,
        "prometheus ready",
        () -> {
          try {
            return http.send(
                        HttpRequest.newBuilder(URI.create(prometheusUrl + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
          } catch (IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        },
        () -> "see " + dir.resolve("prometheus.log"));
  }

  private JsonNode query(String promql) {
    JsonNode answer = get("/api/v1/query?query=" + encode(promql));
    assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("success");
    return answer.path("data").path("result");
  }

  private JsonNode get(String path) {
    try {
      return JSON.readTree(
          http.send(
                  HttpRequest.newBuilder(URI.create(prometheusUrl + path)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
