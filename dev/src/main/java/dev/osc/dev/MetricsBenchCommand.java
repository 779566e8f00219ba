package dev.osc.dev;

import dev.osc.api.Names;
import dev.osc.api.v1.KataConfig;
import dev.osc.caa.metrics.VmMetrics;
import dev.osc.cli.Logging;
import dev.osc.metrics.Metrics;
import dev.osc.metrics.MetricsServer;
import dev.osc.operator.metrics.OperatorMetrics;
import dev.osc.testkit.Crds;
import dev.osc.testkit.EmbeddedApi;
import dev.osc.testkit.MockApi;
import dev.osc.testkit.RealApi;
import dev.osc.testkit.RequestCounter;
import dev.osc.webhook.AdmissionMetrics;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    description = {
      "The cost of one Prometheus scrape of each of our /metrics endpoints (operator, webhook,"
          + " adaptor) over HTTPS, as Prometheus scrapes them (a new connection per scrape is"
          + " not assumed: one kept-alive client): bytes and milliseconds (median and max of"
          + " --scrapes), and for the operator the API requests one scrape sends.",
      "",
      "The operator's gauges read the cluster of --nodes nodes with --vms peer pods (runtime"
          + " class kata-remote, one in ten failed) and --other-pods other pods, on the real API"
          + " server when the test bed is built, else the mock server; the webhook has admitted"
          + " on both paths with every result; the adaptor runs --vms VMs with that many"
          + " creations and deletions observed.",
      ""
    })
final class MetricsBenchCommand implements Callable<Integer> {
  @Option(names = "--nodes", defaultValue = "1000", description = "Default: ${DEFAULT-VALUE}.")
  int nodes;

  @Option(names = "--vms", defaultValue = "200", description = "Default: ${DEFAULT-VALUE}.")
  int vms;

  @Option(
      names = "--other-pods",
      defaultValue = "2000",
      description = "Pods of other runtime classes (default: ${DEFAULT-VALUE}).")
  int otherPods;

  @Option(names = "--scrapes", defaultValue = "50", description = "Default: ${DEFAULT-VALUE}.")
  int scrapes;

  @Override
  public Integer call() throws Exception {
    Logging.level("WARN");
    try (EmbeddedApi api =
        RealApi.startIfAvailable().map(EmbeddedApi.class::cast).orElseGet(MockApi::new)) {
      System.out.printf(
          "Scrape cost over HTTPS on loopback, %d scrapes each (%s API server, %d nodes, %d peer"
              + " pods/VMs, %d other pods)%n",
          scrapes, api instanceof RealApi ? "real" : "mock", nodes, vms, otherPods);
      populate(api.client());
      RequestCounter counter = new RequestCounter();
      KubernetesClient counted = counter.client(api);
      Metrics operator = new Metrics();
      new OperatorMetrics(operator, counted);
      System.out.printf("%-10s %10s %10s %10s %s%n", "endpoint", "bytes", "p50 ms", "max ms", "");
      counter.reset();
      measure(
          "operator",
          operator,
          () ->
              String.format(
                  "%.1f API requests per scrape", counter.total() / (double) (scrapes + 1)));
      measure("webhook", webhook(), () -> "");
      measure("adaptor", adaptor(), () -> "");
    }
    return 0;
  }

  private void populate(KubernetesClient client) {
    Crds.installOurs(client);
    client
        .resource(
            new RuntimeClassBuilder()
                .withNewMetadata()
                .withName(Names.RUNTIME_CLASS_KATA_REMOTE)
                .endMetadata()
                .withHandler("kata-remote")
                .build())
        .create();
    for (int i = 0; i < nodes; i++) {
      client
          .nodes()
          .resource(
              new NodeBuilder()
                  .withNewMetadata()
                  .withName("worker-" + i)
                  .addToLabels(Names.LABEL_ROLE_KATA_OC, "")
                  .endMetadata()
                  .build())
          .create();
    }
    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName("bench")
                .endMetadata()
                .build())
        .create();
    for (int i = 0; i < vms + otherPods; i++) {
      boolean remote = i < vms;
      var pod =
          client
              .pods()
              .inNamespace("bench")
              .resource(
                  new PodBuilder()
                      .withNewMetadata()
                      .withName((remote ? "peer-" : "pod-") + i)
                      .endMetadata()
                      .withNewSpec()
                      .withRuntimeClassName(remote ? Names.RUNTIME_CLASS_KATA_REMOTE : null)
                      .withNodeName("worker-" + (i % nodes))
                      .addNewContainer()
                      .withName("app")
                      .withImage("registry.example/app:1")
                      .endContainer()
                      .endSpec()
                      .build())
              .create();
      if (remote && i % 10 == 0) {
        pod.setStatus(
            new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Failed").build());
        client.pods().inNamespace("bench").resource(pod).updateStatus();
      }
    }
    KataConfig kc = new KataConfig();
    kc.getMetadata().setName("example-kataconfig");
    client.resource(kc).create();
  }

  private Metrics webhook() {
    Metrics m = new Metrics();
    AdmissionMetrics admissions = new AdmissionMetrics(m);
    for (String path : new String[] {"/mutate-v1-pod", "/validate-kataconfig"}) {
      for (int status : new int[] {200, 400, 500}) {
        admissions.admitted(path, status, true, Duration.ofMillis(2));
        admissions.admitted(path, status, false, Duration.ofMillis(2));
      }
    }
    return m;
  }

  private Metrics adaptor() {
    Metrics m = new Metrics();
    VmMetrics vm = new VmMetrics(m);
    vm.running(() -> vms);
    vm.proxyConnections(() -> vms);
    for (int i = 0; i < vms; i++) {
      vm.created(Duration.ofMillis(500 + i * 100L));
      vm.deleted(Duration.ofMillis(200 + i));
    }
    for (VmMetrics.Failure f : VmMetrics.Failure.values()) {
      vm.failed(f);
    }
    vm.orphanDeleted();
    vm.adopted();
    return m;
  }

  private void measure(String name, Metrics metrics, java.util.function.Supplier<String> note)
      throws Exception {
    try (MetricsServer server =
        MetricsServer.selfSigned(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "localhost", metrics)) {
      HttpClient client = HttpClient.newBuilder().sslContext(trustAll()).build();
      HttpRequest get =
          HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/metrics"))
              .build();
      int bytes = client.send(get, HttpResponse.BodyHandlers.ofByteArray()).body().length;
      double[] ms = new double[scrapes];
      for (int i = 0; i < scrapes; i++) {
        long start = System.nanoTime();
        client.send(get, HttpResponse.BodyHandlers.ofByteArray());
        ms[i] = (System.nanoTime() - start) / 1e6;
      }
      Arrays.sort(ms);
      System.out.printf(
          "%-10s %10d %10.2f %10.2f %s%n",
          name, bytes, ms[ms.length / 2], ms[ms.length - 1], note.get());
    }
  }

  /** As Prometheus's {@code insecure_skip_verify}: the endpoints' CAs are self-signed at start. */
  private static SSLContext trustAll() throws Exception {
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(
        null,
        new TrustManager[] {
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String type) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String type) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          }
        },
        new SecureRandom());
    return tls;
  }
}
