package dev.osc.dev;

import dev.osc.api.PeerPods;
import dev.osc.cli.Logging;
import dev.osc.dev.webhookbench.KeepAliveConnection;
import dev.osc.dev.webhookbench.LoadRun;
import dev.osc.dev.webhookbench.PatchSummary;
import dev.osc.dev.webhookbench.PodReviews;
import dev.osc.dev.webhookbench.ServerProcess;
import dev.osc.operator.peerpods.WebhookCertificates;
import dev.osc.tls.Pem;
import dev.osc.tls.TlsContexts;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "webhook",
    mixinStandardHelpOptions = true,
    description = {
      "Compares our pod mutating webhook with the upstream peer-pods webhook (cloud-api-adaptor"
          + " src/webhook), each as its own process on loopback, with the same certificate and"
          + " the same AdmissionReview requests: a peer pod with 1 container and one with 20.",
      "",
      "Per round, each server gets a warm-up and then the measured time; rounds alternate the"
          + " order (ours, upstream; upstream, ours) and the figures are the medians over the"
          + " rounds. Latency is per request, from sending it to having read the whole response;"
          + " server CPU is from /proc (Linux).",
      ""
    })
final class WebhookBenchCommand implements Callable<Integer> {
  @Option(
      names = "--upstream",
      paramLabel = "BINARY",
      description =
          "The upstream webhook"
              + " binary (default: built by scripts/upstream-webhook.sh when Go is installed; without"
              + " it only ours is measured).")
  Path upstream;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      defaultValue = "5",
      description = "Measured time per server and round (default: ${DEFAULT-VALUE}).")
  double duration;

  @Option(
      names = "--warmup",
      paramLabel = "SECONDS",
      defaultValue = "5",
      description =
          "Unmeasured load before each measured time; the JVM needs a few seconds"
              + " to compile the hot paths (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "8",
      description =
          "Kept-alive connections sending requests back to back" + " (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "3",
      description = "Rounds per pod size (default: ${DEFAULT-VALUE}).")
  int rounds;

  private static final int[] POD_SIZES = {1, 20};
  private static final Duration STARTUP = Duration.ofSeconds(60);

  @Override
  public Integer call() throws Exception {
    Logging.level("WARN");
    Path work = Files.createTempDirectory("osc-bench-webhook");
    Path certDir = Files.createDirectories(work.resolve("certs"));
    Map<String, String> pem =
        WebhookCertificates.issue(null, List.of("localhost", "127.0.0.1"), Instant.now());
    Files.writeString(certDir.resolve(WebhookCertificates.CERT), pem.get(WebhookCertificates.CERT));
    Files.writeString(certDir.resolve(WebhookCertificates.KEY), pem.get(WebhookCertificates.KEY));
    SSLContext tls = TlsContexts.trusting("TLS", Pem.certificate(pem.get(WebhookCertificates.CA)));
    Path upstreamBinary = upstream != null ? upstream : UpstreamWebhook.build();
    Map<String, String> env = Map.of("TARGET_RUNTIMECLASS", PodReviews.RUNTIME_CLASS);

    List<ServerProcess> servers = new ArrayList<>();
    try {
      int port = freePort();
      servers.add(
          ServerProcess.start(
              "ours",
              List.of(
                  javaCommand(),
                  "-XX:MaxRAMPercentage=75",
                  "-jar",
                  ownJar().toString(),
                  "webhook",
                  "--port",
                  "" + port,
                  "--cert-dir",
                  certDir.toString()),
              env,
              port,
              work.resolve("ours.log")));
      if (upstreamBinary != null) {
        port = freePort();
        servers.add(
            ServerProcess.start(
                "upstream",
                List.of(
                    upstreamBinary.toString(),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "" + port,
                    "--cert-dir",
                    certDir.toString()),
                env,
                port,
                work.resolve("upstream.log")));
      }
      System.out.printf(
          "webhook bench: %d cores, %d connections, %.0f s warm-up + %.0f s"
              + " measured per server and round, %d rounds, medians of rounds%n",
          Runtime.getRuntime().availableProcessors(), concurrency, warmup, duration, rounds);
      System.out.printf(
          "  ours:     java -jar %s webhook (pid %d)%n", ownJar(), servers.get(0).pid());
      if (servers.size() > 1) {
        System.out.printf("  upstream: %s (pid %d)%n", upstreamBinary, servers.get(1).pid());
      } else {
        System.out.println("  upstream: not measured (no binary; see --upstream)");
      }
      System.out.println("  logs and certificates: " + work);
      Map<Integer, byte[]> reviews = new LinkedHashMap<>();
      for (int size : POD_SIZES) {
        reviews.put(size, PodReviews.create(size));
      }
      if (!verify(servers, tls, reviews)) {
        return 1;
      }
      System.out.printf(
          "%n%-13s %-14s %9s %8s %8s %9s %7s %12s%n",
          "pod", "server", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "errors", "CPU us/req");
      for (var review : reviews.entrySet()) {
        measure(servers, tls, review.getKey(), review.getValue());
      }
      // Upstream logs every peer-pod admission (several lines); ours does not at INFO.
      System.out.printf("%nserver output (logs) during the run:");
      for (ServerProcess s : servers) {
        System.out.printf(" %s %,d bytes;", s.name(), Files.size(work.resolve(s.name() + ".log")));
      }
      System.out.println();
      return 0;
    } finally {
      for (ServerProcess s : servers) {
        s.close();
      }
    }
  }

  /** Both servers answer each request with an allowed patch; prints what the patches do. */
  private static boolean verify(
      List<ServerProcess> servers, SSLContext tls, Map<Integer, byte[]> reviews)
      throws InterruptedException {
    for (var review : reviews.entrySet()) {
      List<PatchSummary> patches = new ArrayList<>();
      for (ServerProcess s : servers) {
        byte[] request =
            KeepAliveConnection.post(
                "127.0.0.1", s.port(), PeerPods.PATH_MUTATE_POD, review.getValue());
        try {
          PatchSummary p =
              PatchSummary.of(review.getValue(), s.awaitResponse(tls, request, STARTUP));
          patches.add(p);
          System.out.printf("  patch, %s, %-8s %s%n", pod(review.getKey()), s.name(), p.describe());
        } catch (IOException e) {
          System.err.printf("osc bench webhook: %s: %s%n", s.name(), e.getMessage());
          return false;
        }
      }
      if (patches.size() == 2) {
        var differences = patches.get(0).differencesFrom(patches.get(1));
        System.out.printf(
            "  patched pods, %s: %s%n",
            pod(review.getKey()),
            differences.isEmpty() ? "identical" : "differ at " + String.join(", ", differences));
      }
    }
    return true;
  }

  private void measure(List<ServerProcess> servers, SSLContext tls, int size, byte[] review)
      throws InterruptedException {
    Map<ServerProcess, List<LoadRun.Result>> results = new LinkedHashMap<>();
    servers.forEach(s -> results.put(s, new ArrayList<>()));
    Duration warm = Duration.ofMillis((long) (warmup * 1000));
    Duration measured = Duration.ofMillis((long) (duration * 1000));
    for (int round = 0; round < rounds; round++) {
      List<ServerProcess> order = new ArrayList<>(servers);
      if (round % 2 == 1) {
        Collections.reverse(order);
      }
      for (ServerProcess s : order) {
        byte[] request =
            KeepAliveConnection.post("127.0.0.1", s.port(), PeerPods.PATH_MUTATE_POD, review);
        results.get(s).add(LoadRun.run(s, tls, request, concurrency, warm, measured));
      }
    }
    String pod = pod(size);
    List<double[]> rows = new ArrayList<>();
    for (var e : results.entrySet()) {
      List<LoadRun.Result> r = e.getValue();
      double[] row = {
        median(r, LoadRun.Result::perSecond),
        median(r, x -> x.latencies().percentile(50) / 1e6),
        median(r, x -> x.latencies().percentile(99) / 1e6),
        median(r, x -> x.latencies().percentile(99.9) / 1e6),
        r.stream().mapToLong(LoadRun.Result::errors).sum(),
        median(
            r, x -> x.serverCpuNanos() < 0 ? Double.NaN : x.serverCpuNanos() / 1e3 / x.requests())
      };
      rows.add(row);
      System.out.printf(
          "%-13s %-14s %9.0f %8.3f %8.3f %9.3f %7.0f %12.1f%n",
          pod, e.getKey().name(), row[0], row[1], row[2], row[3], row[4], row[5]);
    }
    if (rows.size() == 2) {
      double[] a = rows.get(0);
      double[] b = rows.get(1);
      System.out.printf(
          "%-13s %-14s %9.2f %8.2f %8.2f %9.2f %7s %12.2f%n",
          pod,
          "ours/upstream",
          a[0] / b[0],
          a[1] / b[1],
          a[2] / b[2],
          a[3] / b[3],
          "",
          a[5] / b[5]);
    }
    List<LoadRun.Result> all = results.values().stream().flatMap(List::stream).toList();
    System.out.printf(
        "%-13s %-14s load generator CPU %.1f us/request%n",
        pod,
        "",
        all.stream()
            .mapToDouble(r -> r.clientCpuNanos() / 1e3 / r.requests())
            .sorted()
            .skip(all.size() / 2)
            .findFirst()
            .orElse(Double.NaN));
  }

  private static String pod(int containers) {
    return containers + (containers == 1 ? " container" : " containers");
  }

  private static double median(List<LoadRun.Result> results, ToDoubleFunction<LoadRun.Result> f) {
    double[] v = results.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String javaCommand() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** The jar this runs from (dev/target/osc-dev.jar), which also serves our webhook. */
  static Path ownJar() throws Exception {
    Path jar =
        Path.of(
            WebhookBenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "run this from the checkout's jar (./osc bench webhook)," + " not from " + jar);
    }
    return jar;
  }
}
