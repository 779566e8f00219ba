package dev.osc.dev;

import dev.osc.api.Conditions;
import dev.osc.api.Names;
import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1.KataConfigCondition;
import dev.osc.cli.Logging;
import dev.osc.operator.OperatorSettings;
import dev.osc.operator.OscOperator;
import dev.osc.testkit.EmbeddedApi;
import dev.osc.testkit.MockApi;
import dev.osc.testkit.RealApi;
import dev.osc.testkit.SimulatedCluster;
import dev.osc.testkit.StatusHistory;
import dev.osc.testkit.Table81;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "playground",
    mixinStandardHelpOptions = true,
    description =
        "Runs the operator against an embedded Kubernetes API with simulated worker"
            + " nodes, applies the documentation's example KataConfig and prints each status"
            + " change as the documentation shows it (table 8.1), then the runtime classes; with"
            + " peer pods, a pod's VM made and deleted by the cloud-api-adaptor (local"
            + " provider)."
            + " Nothing outside this process is touched. The API is served on loopback; on the"
            + " real API server (see --api) the printed kubeconfig works with kubectl while the"
            + " playground runs (see --keep).")
final class PlaygroundCommand implements Callable<Integer> {
  private static final String KATACONFIG =
      """
      apiVersion: kataconfiguration.openshift.io/v1
      kind: KataConfig
      metadata:
        name: example-kataconfig
      spec:
        enablePeerPods: %s
        logLevel: info
      #  kataConfigPoolSelector:
      #    matchLabels:
      #      <label_key>: '<label_value>'
      """;

  @Option(
      names = "--workers",
      defaultValue = "2",
      description = "Number of simulated worker nodes (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--platform",
      defaultValue = "openshift",
      description =
          "openshift (MachineConfig operator simulated) or kubernetes (kata-deploy"
              + " simulated) (default: ${DEFAULT-VALUE}).")
  String platform;

  @Option(
      names = "--peer-pods",
      defaultValue = "true",
      arity = "1",
      description = "enablePeerPods in the applied KataConfig (default: ${DEFAULT-VALUE}).")
  boolean peerPods;

  @Option(
      names = "--uninstall",
      description =
          "After the installation, delete the KataConfig" + " and show the uninstallation.")
  boolean uninstall;

  @Option(
      names = "--fail-node",
      paramLabel = "NODE",
      description =
          "Make this node's"
              + " installation fail; the failure is shown, then the node is healed and the"
              + " installation completes.")
  String failNode;

  @Option(
      names = "--delay",
      defaultValue = "PT0.5S",
      description =
          "How long a simulated node"
              + " takes to reboot or install, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration delay;

  @Option(
      names = "--timeout",
      defaultValue = "PT2M",
      description = "Give up after this long (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--api",
      defaultValue = "auto",
      description =
          "mock: fabric8's mock API"
              + " server; real: a real kube-apiserver + etcd built by scripts/testbed.sh; auto: real when"
              + " those binaries are present (default: ${DEFAULT-VALUE}).")
  String api;

  @Option(names = "--keep", description = "Keep serving the API after the demo until Ctrl-C.")
  boolean keep;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Where to write the" + " kubeconfig (default: a new temporary file).")
  Path kubeconfigFile;

  @Option(names = "--verbose", description = "Show the operator's and simulators' logs.")
  boolean verbose;

  private final PrintStream out = System.out;

  /** The admission webhook in this process, on a real API server with peer pods; else null. */
  private WebhookStandIn webhook;

  private final Instant started = Instant.now();

  @Override
  public Integer call() throws Exception {
    if (!platform.equals("openshift") && !platform.equals("kubernetes")) {
      System.err.println(
          "osc playground: --platform must be openshift or kubernetes, not " + platform);
      return 2;
    }
    boolean openShift = platform.equals("openshift");
    if (workers < 1) {
      System.err.println("osc playground: --workers must be at least 1");
      return 2;
    }
    if ((failNode != null && !failNode.matches("worker-\\d+"))
        || (failNode != null && Integer.parseInt(failNode.substring(7)) >= workers)) {
      System.err.println(
          "osc playground: --fail-node must name a worker, worker-0 to worker-" + (workers - 1));
      return 2;
    }
    Logging.level(verbose ? "INFO" : "WARN");

    EmbeddedApi embedded = startApi();
    if (embedded == null) {
      return 2;
    }
    SimulatedCluster cluster = SimulatedCluster.start(embedded, workers, openShift, delay);
    OscOperator operator =
        OscOperator.start(
            cluster.client(),
            OperatorSettings.defaults().withStrategy(openShift ? "MachineConfig" : "DaemonSet"));
    CountDownLatch interrupted = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              interrupted.countDown();
              operator.close();
              cluster.close();
            });
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return run(cluster, openShift, interrupted);
    } finally {
      if (interrupted.getCount() > 0) {
        Runtime.getRuntime().removeShutdownHook(hook);
        operator.close();
        cluster.close();
      }
    }
  }

  /** The API to play on, or null (after saying why) when the choice cannot be honoured. */
  private EmbeddedApi startApi() {
    switch (api) {
      case "mock":
        return new MockApi();
      case "real", "auto":
        if (RealApi.Binaries.find().isEmpty()) {
          if (api.equals("real")) {
            System.err.println(
                "osc playground: --api=real needs the test-bed binaries: " + RealApi.HOW_TO_GET);
            return null;
          }
          return new MockApi();
        }
        out.println("Starting a real kube-apiserver and etcd (scripts/testbed.sh binaries) ...");
        return RealApi.startIfAvailable().orElseThrow();
      default:
        System.err.println("osc playground: --api must be mock, real or auto, not " + api);
        return null;
    }
  }

  private int run(SimulatedCluster cluster, boolean openShift, CountDownLatch interrupted)
      throws Exception {
    Path webhookDir = Files.createTempDirectory("osc-playground-webhook-");
    try {
      return demo(cluster, openShift, interrupted, webhookDir);
    } finally {
      if (webhook != null) {
        webhook.close();
      }
      try (var files = Files.walk(webhookDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private int demo(
      SimulatedCluster cluster, boolean openShift, CountDownLatch interrupted, Path webhookDir)
      throws Exception {
    KubernetesClient client = cluster.client();
    Path kubeconfig =
        kubeconfigFile != null
            ? kubeconfigFile
            : Files.createTempFile("osc-playground-", ".kubeconfig");
    Files.writeString(kubeconfig, cluster.api().kubeconfig());
    out.printf(
        "%s at %s%n",
        cluster.api() instanceof RealApi
            ? "Real Kubernetes API server (kube-apiserver + etcd)"
            : "Embedded Kubernetes API (fabric8 mock server, CRUD mode)",
        cluster.api().url());
    out.printf(
        "%d simulated worker node(s); %s%n",
        workers,
        openShift
            ? "OpenShift: the MachineConfig operator is simulated, a reboot takes " + delay
            : "Kubernetes: the kata-deploy installer is simulated, an install takes " + delay);
    out.printf(
        "kubeconfig written to %s:%n%n%s%n", kubeconfig, cluster.api().kubeconfig().indent(2));
    out.printf("  export KUBECONFIG=%s%n%n", kubeconfig);
    if (failNode != null) {
      cluster.failNode(failNode, "failed to apply extension: simulated failure on " + failNode);
    }

    String yaml = KATACONFIG.formatted(peerPods);
    out.println("$ cat example-kataconfig.yaml");
    out.print(yaml.indent(2));
    out.println("$ kubectl create -f example-kataconfig.yaml");
    KataConfig kc = client.getKubernetesSerialization().unmarshal(yaml, KataConfig.class);
    String name = kc.getMetadata().getName();
    try (StatusHistory ignored = new StatusHistory(client, name, this::print)) {
      client.resource(kc).create();
      out.printf("kataconfig.kataconfiguration.openshift.io/%s created%n", name);
      if (failNode != null) {
        if (!await(client, name, k -> reason(k).equals(Conditions.REASON_FAILED), interrupted)) {
          return 1;
        }
        out.printf(
            "%n[%s] %s failed as scripted; healing it, as an administrator fixing the"
                + " node would%n",
            elapsed(), failNode);
        cluster.heal(failNode);
      }
      if (!await(client, name, PlaygroundCommand::installed, interrupted)) {
        return 1;
      }
      out.printf("%n[%s] installed. $ kubectl get runtimeclass%n", elapsed());
      printRuntimeClasses(client);
      if (peerPods && cluster.api() instanceof RealApi) {
        // Admission is real here: the webhook serves every pod until the playground stops, so
        // that with --keep `kubectl run` of a kata-remote pod is admitted as in a cluster.
        webhook = WebhookStandIn.start(client, Names.OPERATOR_NAMESPACE, webhookDir);
      }
      if (peerPods) {
        new PeerPodDemo(client, out, "worker-0", webhook != null).run();
      }

      if (uninstall) {
        out.printf("%n$ kubectl delete kataconfig %s%n", name);
        client.resources(KataConfig.class).withName(name).delete();
        if (!await(client, name, k -> k == null, interrupted)) {
          return 1;
        }
        out.printf("kataconfig.kataconfiguration.openshift.io \"%s\" deleted%n", name);
        out.printf("[%s] uninstalled. $ kubectl get runtimeclass%n", elapsed());
        printRuntimeClasses(client);
      }
    }
    if (keep) {
      out.printf(
          "%nThe API stays up at %s (KUBECONFIG=%s) for Kubernetes clients."
              + " Press Ctrl-C to stop.%n",
          cluster.api().url(), kubeconfig);
      if (webhook != null) {
        out.println(
            "The pod mutating webhook keeps serving: a pod of runtime class kata-remote (kubectl"
                + " run ... --overrides '{\"spec\":{\"runtimeClassName\":\"kata-remote\"}}')"
                + " is admitted as in a cluster.");
      }
      try {
        interrupted.await();
      } catch (InterruptedException stop) {
        // Its caller stops it: shut down as on Ctrl-C. The flag is not set again, as it would
        // abort that shutdown (the API server's and the operator's waits).
      }
    }
    return 0;
  }

  private boolean await(
      KubernetesClient client, String name, Predicate<KataConfig> done, CountDownLatch interrupted)
      throws InterruptedException {
    Instant deadline = started.plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (done.test(client.resources(KataConfig.class).withName(name).get())) {
        Thread.sleep(100); // let the last status change print first
        return true;
      }
      if (interrupted.await(50, TimeUnit.MILLISECONDS)) {
        return false;
      }
    }
    System.err.printf(
        "osc playground: gave up after %s; rerun with --verbose to see why%n", timeout);
    return false;
  }

  private static boolean installed(KataConfig kc) {
    return kc != null
        && kc.getStatus() != null
        && reason(kc).isEmpty()
        && Conditions.FALSE.equals(
            kc.getStatus().condition(Conditions.TYPE_IN_PROGRESS).getStatus())
        && kc.getStatus().getKataNodes().getReadyNodeCount()
            == kc.getStatus().getKataNodes().getNodeCount();
  }

  private static String reason(KataConfig kc) {
    KataConfigCondition c =
        kc == null || kc.getStatus() == null
            ? null
            : kc.getStatus().condition(Conditions.TYPE_IN_PROGRESS);
    return c == null ? "-" : c.getReason();
  }

  private synchronized void print(Map<String, Object> doc) {
    out.printf("%n[%s] status:%s%n%s", elapsed(), tableRow(doc), DocYaml.print(doc).indent(1));
  }

  /**
   * Where the document stands in the docs' table 8.1 (two workers), so that it reads next to the
   * table: a row's name, the note's reason, or that the table skips it (such as a node done before
   * the MachineConfig operator has picked the next one).
   */
  @SuppressWarnings("unchecked")
  private String tableRow(Map<String, Object> doc) {
    if (workers != 2) {
      return "";
    }
    Object conditions = doc.get("conditions");
    if (conditions instanceof List<?> list
        && !list.isEmpty()
        && list.get(0) instanceof Map<?, ?> c) {
      Object reason = ((Map<String, Object>) c).get("reason");
      if (Conditions.REASON_FAILED.equals(reason) || Conditions.REASON_BLOCKED.equals(reason)) {
        return "   # table 8.1, note: reason " + reason;
      }
    }
    String runtimeClass = peerPods ? Names.RUNTIME_CLASS_KATA_REMOTE : Names.RUNTIME_CLASS_KATA;
    return Table81.rowOf(doc, runtimeClass)
        .map(row -> "   # table 8.1: " + row)
        .orElse("   # between rows of table 8.1 (a moment the table skips)");
  }

  private void printRuntimeClasses(KubernetesClient client) {
    var list = client.resources(RuntimeClass.class).list().getItems();
    if (list.isEmpty()) {
      out.println("No resources found");
      return;
    }
    out.printf("%-15s %-15s %s%n", "NAME", "HANDLER", "AGE");
    for (RuntimeClass rc : list) {
      out.printf("%-15s %-15s %s%n", rc.getMetadata().getName(), rc.getHandler(), age(rc));
    }
  }

  private static String age(RuntimeClass rc) {
    String ts = rc.getMetadata().getCreationTimestamp();
    if (ts == null) {
      return "<unknown>";
    }
    long s = Math.max(0, Duration.between(Instant.parse(ts), Instant.now()).toSeconds());
    return s + "s";
  }

  private String elapsed() {
    return String.format("+%.1fs", Duration.between(started, Instant.now()).toMillis() / 1000.0);
  }
}
