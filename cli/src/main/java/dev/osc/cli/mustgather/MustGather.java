package dev.osc.cli.mustgather;

import dev.osc.api.Names;
import dev.osc.api.PeerPods;
import dev.osc.api.peerpods.PodVmImageKeys;
import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1alpha1.PeerPod;
import dev.osc.cli.mustgather.Gaps.Why;
import dev.osc.operator.k8s.DaemonSets;
import dev.osc.operator.k8s.Kind;
import dev.osc.operator.k8s.PeerPodConfigs;
import dev.osc.operator.k8s.PeerPodsDeployment;
import dev.osc.operator.k8s.PodVmImageJobs;
import dev.osc.operator.k8s.RuntimeClasses;
import dev.osc.operator.k8s.WebhookDeployment;
import dev.osc.operator.strategy.MachineConfigStrategy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.Loggable;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Collects the support data of docs chapter 7 into a {@link GatherTree}: what upstream's gather
 * scripts collect for sandboxed containers (KataConfig, webhook configurations, the operator
 * namespace's objects and pod logs, the MachineConfig pools, nodes, our CRDs, the kata workloads,
 * the MachineConfig operator's logs) and the peer-pods objects. Each read stands alone: one the API
 * server refuses or does not serve is recorded in {@link Gaps} and the rest goes on.
 *
 * <p>Secrets: only {@code peer-pods-secret} is ever read, for its key names; its values are handed
 * to the tree's redactor before anything is written.
 */
public final class MustGather {
  /** Where the MachineConfig operator runs on OpenShift: upstream gathers its pods' logs. */
  public static final String MCO_NAMESPACE = "openshift-machine-config-operator";

  /** How the operator is installed through OLM (deploy/olm): upstream gathers these too. */
  static final List<ResourceDefinitionContext> OLM =
      List.of(
          olm("v1alpha1", "Subscription", "subscriptions"),
          olm("v1alpha1", "ClusterServiceVersion", "clusterserviceversions"),
          olm("v1alpha1", "InstallPlan", "installplans"),
          olm("v1", "OperatorGroup", "operatorgroups"));

  private static ResourceDefinitionContext olm(String version, String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("operators.coreos.com")
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }

  private static final Set<String> KATA_CLASSES =
      Set.of(Names.RUNTIME_CLASS_KATA, Names.RUNTIME_CLASS_KATA_REMOTE);

  private final KubernetesClient client;
  private final GatherTree tree;
  private final Gaps gaps;
  private final PrintStream out;
  private final String namespace;
  private final Optional<Duration> since;
  private final Map<Class<?>, Boolean> served = new HashMap<>();

  /**
   * For logs: the same connection settings without retries. A kubelet that cannot be reached
   * answers 500, which the client would otherwise retry with backoff for about 20 s per log.
   */
  private KubernetesClient logClient;

  public MustGather(
      KubernetesClient client,
      GatherTree tree,
      Gaps gaps,
      PrintStream out,
      String namespace,
      Optional<Duration> since) {
    this.client = client;
    this.tree = tree;
    this.gaps = gaps;
    this.out = out;
    this.namespace = namespace;
    this.since = since;
  }

  private record Step(String title, Runnable body) {}

  /** Runs every step, printing one progress line each, then writes the gap files. */
  public void run() {
    List<Step> steps =
        List.of(
            // First: the redactor must know the secret values before anything is written.
            new Step("peer-pods-secret key names", this::secretKeyNames),
            new Step("peer-pods-cm and the pod VM image ConfigMaps", this::configMaps),
            new Step("KataConfigs and their events", this::kataConfigs),
            new Step("PeerPodConfigs and PeerPods", this::peerPods),
            new Step("operator namespace objects and events", this::namespaceObjects),
            new Step("operator namespace pods and logs", () -> podsWithLogs(namespace)),
            new Step("nodes", () -> list("nodes", Node.class, null, null)),
            new Step("MachineConfigPools, MachineConfigs, ContainerRuntimeConfig", this::mco),
            new Step("RuntimeClasses, webhook configurations, CRDs", this::clusterObjects),
            new Step("kata workloads", this::kataWorkloads),
            new Step(
                "OLM Subscriptions, ClusterServiceVersions, InstallPlans, OperatorGroups",
                () -> OLM.forEach(context -> collectGeneric(context, namespace, null))),
            new Step("MachineConfig operator pods and logs", this::mcoPods));
    Instant start = Instant.now();
    try (KubernetesClient logs =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {
      logClient = logs;
      reachable(logs);
      runSteps(steps);
    }
    writeGaps(Duration.between(start, Instant.now()));
  }

  /** Thrown before anything is written when the API server does not answer at all. */
  public static final class Unreachable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** /version answers every client; without an answer every step would fail the same way. */
  private static void reachable(KubernetesClient noRetries) {
    try {
      noRetries.getKubernetesVersion();
    } catch (KubernetesClientException e) {
      if (e.getCode() <= 0) {
        String why = String.valueOf(e.getMessage());
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
          why = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
          if (t.getMessage() != null) {
            break;
          }
        }
        throw new Unreachable(
            "cannot reach the API server at " + noRetries.getMasterUrl() + ": " + why, e);
      }
    }
  }

  private void runSteps(List<Step> steps) {
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      Instant t0 = Instant.now();
      int files = tree.files();
      int missing = gaps.size();
      try {
        step.body().run();
      } catch (RuntimeException e) {
        // A bug or an unexpected answer in one step must not cost the others.
        gaps.add(Why.FAILED, step.title(), String.valueOf(e));
      }
      out.printf(
          "must-gather [%d/%d] %s: %d files%s (%d ms)%n",
          i + 1,
          steps.size(),
          step.title(),
          tree.files() - files,
          Gaps.summary(gaps.all().subList(missing, gaps.size())),
          Duration.between(t0, Instant.now()).toMillis());
    }
  }

  private void secretKeyNames() {
    Kind<Secret> kind = PeerPodsDeployment.SECRET;
    String what = "Secret " + kind.onlyName() + " (key names)";
    Optional<Secret> secret =
        read(
            what,
            () ->
                Optional.ofNullable(
                    client.secrets().inNamespace(namespace).withName(kind.onlyName()).get()));
    if (secret == null) {
      return;
    }
    if (secret.isEmpty()) {
      gaps.add(Why.ABSENT, what, "");
      return;
    }
    collectKeyNames(kind.onlyName(), secret.get());
  }

  private void collectKeyNames(String name, Secret secret) {
    Set<String> keys = new TreeSet<>();
    List<String> values = new ArrayList<>();
    if (secret.getData() != null) {
      keys.addAll(secret.getData().keySet());
      secret.getData().values().stream()
          .map(v -> new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8))
          .forEach(values::add);
    }
    if (secret.getStringData() != null) {
      keys.addAll(secret.getStringData().keySet());
      values.addAll(secret.getStringData().values());
    }
    tree.hide(values);
    tree.text(
        Path.of("namespaces", namespace, "core", "secrets", name + ".keys.txt"),
        "# The key names of Secret "
            + name
            + ". Secret values are never collected.\n"
            + String.join("\n", keys)
            + "\n");
  }

  private void configMaps() {
    for (String name :
        List.of(
            PeerPodsDeployment.CONFIG_MAP.onlyName(),
            PodVmImageKeys.AWS_PODVM_IMAGE_CM,
            PodVmImageKeys.LIBVIRT_PODVM_IMAGE_CM)) {
      get(ConfigMap.class, namespace, name);
    }
  }

  private void kataConfigs() {
    list("KataConfigs", KataConfig.class, null, null);
    String kind = HasMetadata.getKind(KataConfig.class);
    List<Event> events =
        read(
            "Events of KataConfigs (all namespaces)",
            () ->
                client
                    .v1()
                    .events()
                    .inAnyNamespace()
                    .withField("involvedObject.kind", kind)
                    .list()
                    .getItems());
    if (events == null) {
      return;
    }
    Map<String, List<Event>> byName =
        events.stream()
            .collect(
                Collectors.groupingBy(
                    e -> e.getInvolvedObject().getName(), TreeMap::new, Collectors.toList()));
    byName.forEach(
        (name, list) ->
            tree.text(
                GatherTree.objectPath(
                        HasMetadata.getGroup(KataConfig.class),
                        HasMetadata.getPlural(KataConfig.class),
                        null,
                        name)
                    .resolveSibling(name + ".events.yaml"),
                client.getKubernetesSerialization().asYaml(new EventList(null, list, null, null))));
  }

  private void peerPods() {
    collect(PeerPodConfigs.KIND);
    list("PeerPods (all namespaces)", PeerPod.class, "", null);
  }

  private void namespaceObjects() {
    list("DaemonSets", DaemonSets.KIND.type(), namespace, null);
    list("Deployments", Deployment.class, namespace, null);
    list("Jobs", PodVmImageJobs.KIND.type(), namespace, null);
    list("Services", WebhookDeployment.SERVICE.type(), namespace, null);
    list("Events", Event.class, namespace, null);
    collect(WebhookDeployment.ISSUER);
    collect(WebhookDeployment.CERTIFICATE);
  }

  private void mco() {
    for (String name : List.of(Names.POOL_KATA_OC, Names.POOL_WORKER, Names.POOL_MASTER)) {
      get(MachineConfigStrategy.POOLS.type(), null, name);
    }
    collect(MachineConfigStrategy.MACHINE_CONFIGS);
    get(MachineConfigStrategy.RUNTIME_CONFIGS.type(), null, Names.CONTAINER_RUNTIME_CONFIG);
  }

  private void clusterObjects() {
    collect(RuntimeClasses.KIND);
    get(WebhookDeployment.MUTATING.type(), null, PeerPods.MUTATING_WEBHOOK_CONFIGURATION);
    get(WebhookDeployment.VALIDATING.type(), null, Names.VALIDATING_WEBHOOK_CONFIGURATION);
    for (String crd :
        List.of(Names.KATACONFIG_CRD, PeerPods.PEERPODCONFIG_CRD, PeerPods.PEERPOD_CRD)) {
      get(CustomResourceDefinition.class, null, crd);
    }
  }

  /**
   * Names only, as upstream lists them: the pods, Deployments and StatefulSets of runtime class
   * kata or kata-remote, in kata-workloads.txt.
   */
  private void kataWorkloads() {
    StringBuilder text = new StringBuilder("# KIND NAMESPACE NAME RUNTIMECLASS PHASE NODE\n");
    List<Pod> pods =
        read(
            "Pods (all namespaces, for their runtime class)",
            () -> client.pods().inAnyNamespace().list().getItems());
    for (Pod p : pods == null ? List.<Pod>of() : pods) {
      workload(p, p.getSpec())
          .ifPresent(
              line ->
                  text.append(line)
                      .append(' ')
                      .append(p.getStatus() == null ? "-" : p.getStatus().getPhase())
                      .append(' ')
                      .append(Optional.ofNullable(p.getSpec().getNodeName()).orElse("-"))
                      .append('\n'));
    }
    List<Deployment> deployments =
        read(
            "Deployments (all namespaces, for their runtime class)",
            () -> client.apps().deployments().inAnyNamespace().list().getItems());
    for (Deployment d : deployments == null ? List.<Deployment>of() : deployments) {
      workload(d, d.getSpec().getTemplate().getSpec())
          .ifPresent(line -> text.append(line).append(" - -\n"));
    }
    List<StatefulSet> sets =
        read(
            "StatefulSets (all namespaces, for their runtime class)",
            () -> client.apps().statefulSets().inAnyNamespace().list().getItems());
    for (StatefulSet s : sets == null ? List.<StatefulSet>of() : sets) {
      workload(s, s.getSpec().getTemplate().getSpec())
          .ifPresent(line -> text.append(line).append(" - -\n"));
    }
    tree.text(Path.of("kata-workloads.txt"), text.toString());
  }

  private static Optional<String> workload(HasMetadata o, PodSpec spec) {
    String rc = spec == null ? null : spec.getRuntimeClassName();
    if (rc == null || !KATA_CLASSES.contains(rc)) {
      return Optional.empty();
    }
    return Optional.of(
        String.join(
            " ", o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName(), rc));
  }

  private void mcoPods() {
    Optional<Namespace> ns =
        read(
            "Namespace " + MCO_NAMESPACE,
            () -> Optional.ofNullable(client.namespaces().withName(MCO_NAMESPACE).get()));
    if (ns == null) {
      return;
    }
    ns.ifPresentOrElse(
        n -> podsWithLogs(MCO_NAMESPACE),
        () -> gaps.add(Why.ABSENT, "Namespace " + MCO_NAMESPACE, ""));
  }

  /**
   * Logs are fetched this many at a time: each is a round trip through the API server to a kubelet.
   */
  static final int LOG_FETCHES = 4;

  private void podsWithLogs(String ns) {
    List<Pod> pods = read("Pods in " + ns, () -> client.pods().inNamespace(ns).list().getItems());
    if (pods == null) {
      return;
    }
    ExecutorService fetches = Executors.newFixedThreadPool(LOG_FETCHES);
    try {
      List<Future<?>> pending = new ArrayList<>();
      for (Pod pod : pods) {
        tree.object("", HasMetadata.getPlural(Pod.class), pod);
        for (LogPlan.Entry e : LogPlan.of(pod)) {
          pending.add(fetches.submit(() -> podLog(ns, pod.getMetadata().getName(), e)));
        }
      }
      for (Future<?> f : pending) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fetching logs", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      fetches.shutdownNow();
    }
  }

  private void podLog(String ns, String pod, LogPlan.Entry e) {
    Path file =
        Path.of("namespaces", ns, "pods", GatherTree.safe(pod), GatherTree.safe(e.container()))
            .resolve(e.fileName());
    Path unavailable = file.resolveSibling(e.fileName() + ".unavailable.txt");
    if (e.skipReason().isPresent()) {
      tree.text(unavailable, e.skipReason().get() + "\n");
      return;
    }
    try {
      ContainerResource c =
          logClient.pods().inNamespace(ns).withName(pod).inContainer(e.container());
      Loggable log = logWindow(e.previous() ? c.terminated() : c);
      tree.log(file, log.getLogReader());
    } catch (KubernetesClientException ex) {
      String what =
          (e.previous() ? "previous log of " : "log of ")
              + ns
              + "/"
              + pod
              + " container "
              + e.container();
      gaps.add(why(ex), what, detail(ex));
      tree.text(unavailable, "no logs: " + detail(ex) + "\n");
    }
  }

  private Loggable logWindow(io.fabric8.kubernetes.client.dsl.TimeTailPrettyLoggable log) {
    return since.<Loggable>map(d -> log.sinceSeconds((int) Math.max(1, d.toSeconds()))).orElse(log);
  }

  /** Every object of a kind the operator declares, scoped as its cache is. */
  private <R extends HasMetadata> void collect(Kind<R> kind) {
    String ns = kind.namespaced() ? namespace : null;
    if (kind.generic() != null) {
      collectGeneric(kind.generic(), ns, kind.labelSelector());
    } else if (kind.onlyName() != null) {
      get(kind.type(), ns, kind.onlyName());
    } else {
      list(HasMetadata.getKind(kind.type()) + "s", kind.type(), ns, kind.labelSelector());
    }
  }

  private void collectGeneric(ResourceDefinitionContext context, String ns, String labels) {
    String what = context.getKind() + "s (" + context.getGroup() + ")";
    if (!client.supports(context.getGroup() + "/" + context.getVersion(), context.getKind())) {
      gaps.add(Why.NOT_SERVED, what, context.getGroup() + "/" + context.getVersion());
      return;
    }
    List<GenericKubernetesResource> items =
        read(
            what,
            () -> {
              var api = client.genericKubernetesResources(context);
              var scoped = ns == null ? api : api.inNamespace(ns);
              return (labels == null ? scoped : scoped.withLabelSelector(labels)).list().getItems();
            });
    if (items != null) {
      items.forEach(o -> tree.object(context.getGroup(), context.getPlural(), o));
    }
  }

  /** All objects of a type: cluster-wide when {@code ns} is null, in every namespace when empty. */
  private <R extends HasMetadata> void list(String what, Class<R> type, String ns, String labels) {
    String scope = ns == null ? "" : ns.isEmpty() ? " (all namespaces)" : " in " + ns;
    String full = what + scope + (labels == null ? "" : " labelled " + labels);
    if (!served(type, full)) {
      return;
    }
    List<R> items =
        read(
            full,
            () -> {
              var api = client.resources(type);
              var scoped =
                  ns == null ? api : ns.isEmpty() ? api.inAnyNamespace() : api.inNamespace(ns);
              return (labels == null ? scoped : scoped.withLabelSelector(labels)).list().getItems();
            });
    if (items != null) {
      items.forEach(o -> tree.object(HasMetadata.getGroup(type), HasMetadata.getPlural(type), o));
    }
  }

  private <R extends HasMetadata> void get(Class<R> type, String ns, String name) {
    String what = HasMetadata.getKind(type) + " " + (ns == null ? "" : ns + "/") + name;
    if (!served(type, what)) {
      return;
    }
    Optional<R> object =
        read(
            what,
            () -> {
              var api = client.resources(type);
              return Optional.ofNullable(
                  (ns == null ? api : api.inNamespace(ns)).withName(name).get());
            });
    if (object == null) {
      return;
    }
    object.ifPresentOrElse(
        o -> tree.object(HasMetadata.getGroup(type), HasMetadata.getPlural(type), o),
        () -> gaps.add(Why.ABSENT, what, ""));
  }

  /**
   * Whether the API server serves the type; noted as not served (not an error) when it does not.
   */
  private boolean served(Class<?> type, String what) {
    @SuppressWarnings("unchecked")
    Class<? extends HasMetadata> t = (Class<? extends HasMetadata>) type;
    boolean yes = served.computeIfAbsent(type, k -> client.supports(t));
    if (!yes) {
      gaps.add(Why.NOT_SERVED, what, HasMetadata.getApiVersion(t) + " " + HasMetadata.getKind(t));
    }
    return yes;
  }

  /** The value, or null with the reason recorded. */
  private <T> T read(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      gaps.add(why(e), what, detail(e));
      return null;
    }
  }

  private static Why why(KubernetesClientException e) {
    return switch (e.getCode()) {
      case 403 -> Why.FORBIDDEN;
      case 404 -> Why.NOT_SERVED;
      default -> Why.FAILED;
    };
  }

  private static String detail(KubernetesClientException e) {
    String message =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : String.valueOf(e.getMessage());
    return (e.getCode() > 0 ? e.getCode() + ": " : "") + message.lines().findFirst().orElse("");
  }

  private void writeGaps(Duration took) {
    StringBuilder notCollected = new StringBuilder();
    StringBuilder notServed = new StringBuilder();
    StringBuilder absent = new StringBuilder();
    for (Gaps.Gap g : gaps.all()) {
      StringBuilder to =
          switch (g.why()) {
            case NOT_SERVED -> notServed;
            case ABSENT -> absent;
            default -> notCollected;
          };
      to.append(g.line()).append('\n');
    }
    tree.text(Path.of("not-collected.txt"), notCollected.toString());
    tree.text(Path.of("not-served.txt"), notServed.toString());
    tree.text(Path.of("absent.txt"), absent.toString());
    tree.text(
        Path.of("must-gather.txt"),
        "osc must-gather\n"
            + "finished: "
            + Instant.now()
            + "\nnamespace: "
            + namespace
            + "\nlogs since: "
            + since.map(Duration::toString).orElse("all")
            + "\ntook: "
            + took.toMillis()
            + " ms\nnot collected (forbidden or failed): "
            + gaps.errors()
            + "\n");
  }
}
