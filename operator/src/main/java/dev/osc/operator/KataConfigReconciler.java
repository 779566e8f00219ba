package dev.osc.operator;

import dev.osc.api.Conditions;
import dev.osc.api.Names;
import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1.KataConfigCondition;
import dev.osc.api.v1.SpecValidator;
import dev.osc.operator.k8s.ApiErrors;
import dev.osc.operator.k8s.Applier;
import dev.osc.operator.k8s.Caches;
import dev.osc.operator.k8s.DaemonSets;
import dev.osc.operator.k8s.EventReason;
import dev.osc.operator.k8s.EventRecorder;
import dev.osc.operator.k8s.KataMonitor;
import dev.osc.operator.k8s.KataPods;
import dev.osc.operator.k8s.Kind;
import dev.osc.operator.k8s.PeerPodConfigs;
import dev.osc.operator.k8s.PeerPodsDeployment;
import dev.osc.operator.k8s.PodVmImageJobs;
import dev.osc.operator.k8s.RuntimeClasses;
import dev.osc.operator.k8s.StatusRecorder;
import dev.osc.operator.k8s.WebhookDeployment;
import dev.osc.operator.model.NodeProgress;
import dev.osc.operator.model.NodeSelection;
import dev.osc.operator.model.RuntimeClassModel;
import dev.osc.operator.model.Situation;
import dev.osc.operator.model.Situation.Stage;
import dev.osc.operator.model.StatusAggregator;
import dev.osc.operator.monitoring.KataMonitorModel;
import dev.osc.operator.strategy.InstallStrategy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles the KataConfig: observe (nodes, the strategy's per-node progress), validate (the spec,
 * the one-KataConfig rule), act (one step of the install strategy), then hand what it found to the
 * status aggregator. Everything it needs to continue is in the cluster, so a restarted operator
 * picks up exactly where the last one stopped. Every secondary object is read from an informer
 * cache registered here; a pass that finds everything as it should be sends nothing.
 */
@ControllerConfiguration(name = "kataconfig", finalizerName = Names.KATACONFIG_FINALIZER)
public final class KataConfigReconciler implements Reconciler<KataConfig>, Cleaner<KataConfig> {
  private static final Logger LOG = LoggerFactory.getLogger(KataConfigReconciler.class);

  static final Duration POLL_WHILE_PENDING = Duration.ofSeconds(30);
  static final Duration POLL_WHILE_BLOCKED = Duration.ofSeconds(5);
  static final Duration POLL_FOR_ELIGIBLE_NODES = Duration.ofSeconds(20);

  /** Which changes of a cached kind wake the reconciler. */
  private enum Wakes {
    /** Every change is progress (the peer-pods configuration, Jobs, pools, installer pods). */
    ALL,
    /** Appearing or going (cert-manager installed or removed). */
    ADD_DELETE,
    /** Only going: what the operator made, deleted by someone, is made again. */
    DELETE
  }

  private final InstallStrategy strategy;
  private final OperatorSettings settings;
  private final Caches caches;
  private final StatusRecorder statusRecorder;
  private final EventRecorder events;
  private final RuntimeClasses runtimeClasses;
  private final KataPods kataPods;
  private final PeerPodsDeployment peerPods;
  private final PodVmImageJobs podVmImages;
  private final KataMonitor kataMonitor;
  private final Clock clock;
  private final KubernetesClient client;
  private InformerEventSource<Node, KataConfig> nodeSource;
  private EventSourceContext<KataConfig> sourceContext;

  public KataConfigReconciler(
      KubernetesClient client,
      InstallStrategy strategy,
      Applier applier,
      OperatorSettings settings,
      Clock clock) {
    this.client = client;
    this.strategy = strategy;
    this.settings = settings;
    this.caches = applier.caches();
    this.statusRecorder = new StatusRecorder(client);
    this.events = new EventRecorder(client, clock);
    this.runtimeClasses = new RuntimeClasses(applier);
    this.kataPods = new KataPods(client);
    this.peerPods =
        new PeerPodsDeployment(applier, client, settings.namespace(), settings.oscImage());
    this.podVmImages =
        new PodVmImageJobs(client, applier, settings.namespace(), settings.oscImage(), events);
    this.kataMonitor =
        new KataMonitor(
            applier,
            settings.namespace(),
            settings.kataMonitorImage(),
            KataMonitorModel.ContainerRuntime.of(strategy.name()));
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, KataConfig>> prepareEventSources(EventSourceContext<KataConfig> ctx) {
    sourceContext = ctx;
    caches.clear();
    List<EventSource<?, KataConfig>> sources = new ArrayList<>();
    nodeSource =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Node.class, KataConfig.class)
                .withName("nodes")
                .withSecondaryToPrimaryMapper(this::all)
                // Heartbeats rewrite node status every few seconds; only metadata matters here.
                .withOnUpdateFilter(
                    (now, old) ->
                        !Objects.equals(
                                now.getMetadata().getLabels(), old.getMetadata().getLabels())
                            || !Objects.equals(
                                now.getMetadata().getAnnotations(),
                                old.getMetadata().getAnnotations()))
                .build(),
            ctx);
    sources.add(nodeSource);
    // Peer pods: a changed peer-pods-cm or peer-pods-secret re-validates and rolls the adaptor;
    // the pod VM image Jobs finishing; the image ConfigMaps' keys are checked.
    for (Kind<?> kind :
        List.of(
            PeerPodsDeployment.CONFIG_MAP,
            PeerPodsDeployment.SECRET,
            PeerPodsDeployment.CCO_SECRET,
            PodVmImageJobs.KIND,
            PodVmImageJobs.AWS_IMAGE_CONFIG_MAP,
            PodVmImageJobs.LIBVIRT_IMAGE_CONFIG_MAP)) {
      sources.add(source(kind, Wakes.ALL));
    }
    strategy.watched().forEach(kind -> sources.add(source(kind, Wakes.ALL)));
    sources.add(source(WebhookDeployment.CERT_MANAGER_CRD, Wakes.ADD_DELETE));
    sources.add(source(KataMonitor.CRD, Wakes.ADD_DELETE));
    List<Kind<?>> cached =
        new ArrayList<>(
            List.of(
                RuntimeClasses.KIND,
                DaemonSets.KIND,
                PeerPodConfigs.KIND,
                WebhookDeployment.SECRET,
                WebhookDeployment.SERVICE,
                WebhookDeployment.DEPLOYMENT,
                WebhookDeployment.MUTATING,
                WebhookDeployment.VALIDATING));
    cached.addAll(strategy.cached());
    cached.forEach(kind -> sources.add(source(kind, Wakes.DELETE)));
    return sources;
  }

  /** Every watched object concerns the one KataConfig; map events to all (normally one). */
  private Set<ResourceID> all(HasMetadata secondary) {
    return sourceContext
        .getPrimaryCache()
        .list()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** The informer of a kind, scoped as the kind says, registered in the caches. */
  @SuppressWarnings("unchecked")
  private <R extends HasMetadata> InformerEventSource<R, KataConfig> source(
      Kind<R> kind, Wakes wakes) {
    InformerEventSourceConfiguration.Builder<R> config =
        kind.generic() == null
            ? InformerEventSourceConfiguration.from(kind.type(), KataConfig.class)
            : (InformerEventSourceConfiguration.Builder<R>)
                (Object)
                    InformerEventSourceConfiguration.from(
                        new GroupVersionKind(
                            kind.generic().getGroup(),
                            kind.generic().getVersion(),
                            kind.generic().getKind()),
                        KataConfig.class);
    config.withName(kind.cache()).withSecondaryToPrimaryMapper(this::all);
    if (kind.namespaced()) {
      config.withNamespaces(Set.of(settings.namespace()));
    }
    if (kind.labelSelector() != null) {
      config.withLabelSelector(kind.labelSelector());
    }
    if (kind.onlyName() != null) {
      config.withFieldSelector(
          new FieldSelector(new FieldSelector.Field("metadata.name", kind.onlyName())));
    }
    if (wakes != Wakes.ALL) {
      config.withOnUpdateFilter((now, old) -> false);
    }
    if (wakes == Wakes.DELETE) {
      config.withOnAddFilter(r -> false);
    }
    InformerEventSource<R, KataConfig> source =
        new InformerEventSource<>(config.build(), sourceContext);
    caches.add(kind.cache(), source);
    return source;
  }

  /**
   * cert-manager's kinds can be watched only once the cluster serves them, which may be after the
   * operator started: their caches are added then.
   */
  private void watchCertManager(Context<KataConfig> ctx) {
    if (peerPods.certManagerPresent() && !caches.has(WebhookDeployment.ISSUER.cache())) {
      for (Kind<?> kind : List.of(WebhookDeployment.ISSUER, WebhookDeployment.CERTIFICATE)) {
        ctx.eventSourceRetriever().dynamicallyRegisterEventSource(source(kind, Wakes.DELETE));
      }
    }
  }

  private void watchServiceMonitors(Context<KataConfig> ctx) {
    if (kataMonitor.serviceMonitorsServed() && !caches.has(KataMonitor.SERVICE_MONITOR.cache())) {
      ctx.eventSourceRetriever()
          .dynamicallyRegisterEventSource(source(KataMonitor.SERVICE_MONITOR, Wakes.DELETE));
    }
  }

  @Override
  public UpdateControl<KataConfig> reconcile(KataConfig kc, Context<KataConfig> ctx) {
    requireLiveCaches();
    statusRecorder.catchUp(kc);
    String active = activeName(ctx);
    if (!kc.getMetadata().getName().equals(active)) {
      record(kc, Situation.withoutNodes(Stage.DUPLICATE, List.of(), Conditions.duplicate(active)));
      return UpdateControl.noUpdate();
    }
    List<String> errors = SpecValidator.validate(kc.getSpec());
    if (!errors.isEmpty()) {
      // Nothing is applied from an invalid spec; a corrected spec is a new generation.
      record(
          kc,
          Situation.withoutNodes(
              Stage.INVALID, runtimeClasses.existing(), String.join("; ", errors)));
      return UpdateControl.noUpdate();
    }
    if (kc.getStatus() == null || kc.getStatus().condition(Conditions.TYPE_IN_PROGRESS) == null) {
      LOG.info(
          "KataConfig {}: starting installation with the {} strategy",
          kc.getMetadata().getName(),
          strategy.name());
      record(kc, Situation.withoutNodes(Stage.STARTING, List.of(), null));
      return UpdateControl.<KataConfig>noUpdate().rescheduleAfter(Duration.ofMillis(10));
    }
    List<Node> nodes = nodes();
    Set<String> wanted = NodeSelection.selected(nodes, kc.getSpec());
    if (kc.getSpec().isCheckNodeEligibility() && wanted.isEmpty()) {
      record(kc, Situation.withoutNodes(Stage.NO_ELIGIBLE_NODES, runtimeClasses.existing(), null));
      return UpdateControl.<KataConfig>noUpdate().rescheduleAfter(POLL_FOR_ELIGIBLE_NODES);
    }
    List<NodeProgress> progress = strategy.converge(kc, wanted, false, nodes);
    Situation found = new Situation(Stage.INSTALLING, progress, List.of(), null);
    if (!found.settled()) {
      record(kc, new Situation(Stage.INSTALLING, progress, runtimeClasses.existing(), null));
      return UpdateControl.<KataConfig>noUpdate().rescheduleAfter(POLL_WHILE_PENDING);
    }
    watchCertManager(ctx);
    watchServiceMonitors(ctx);
    kataMonitor.ensure(kc);
    if (kc.getSpec().isEnablePeerPods()) {
      var problems = peerPods.ensure(kc);
      if (problems.isPresent()) {
        // Nothing peer-pods related is created or changed from an invalid configuration.
        record(
            kc,
            new Situation(
                Stage.INVALID_PEER_PODS_CONFIG,
                progress,
                runtimeClasses.existing(),
                problems.get()));
        return UpdateControl.noUpdate();
      }
    } else {
      peerPods.remove();
      podVmImages.removeCreationJob();
    }
    found =
        new Situation(
            Stage.INSTALLING,
            progress,
            runtimeClasses.ensure(kc, kc.getSpec().isEnablePeerPods()),
            null);
    record(kc, found);
    // The image is made in the background: installation does not wait for it (upstream's
    // PodVMImageJobRunning); Events tell how it went.
    Optional<Duration> imageJob =
        kc.getSpec().isEnablePeerPods() ? podVmImages.ensureImage(kc) : Optional.empty();
    return imageJob
        .map(d -> UpdateControl.<KataConfig>noUpdate().rescheduleAfter(d))
        .orElseGet(UpdateControl::noUpdate);
  }

  @Override
  public DeleteControl cleanup(KataConfig kc, Context<KataConfig> ctx) {
    requireLiveCaches();
    statusRecorder.catchUp(kc);
    if (!kc.getMetadata().getName().equals(activeName(ctx))) {
      return DeleteControl.defaultDelete();
    }
    String blocked;
    try {
      blocked =
          kataPods
              .firstRuntimeClassInUse(RuntimeClassModel.ALL)
              .map(Conditions::blockedByPods)
              .orElse(null);
    } catch (KubernetesClientException e) {
      blocked = Conditions.failedToListPods(e.getMessage());
    }
    if (blocked != null) {
      record(kc, Situation.withoutNodes(Stage.BLOCKED_BY_PODS, runtimeClasses.existing(), blocked));
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(POLL_WHILE_BLOCKED);
    }
    // No new kata pods from here on: a pod naming a missing RuntimeClass is refused.
    runtimeClasses.deleteAll();
    watchCertManager(ctx);
    watchServiceMonitors(ctx);
    peerPods.remove();
    kataMonitor.remove();
    List<NodeProgress> progress = strategy.converge(kc, Set.of(), true, nodes());
    Situation found = new Situation(Stage.UNINSTALLING, progress, List.of(), null);
    if (!found.settled()) {
      record(kc, found);
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(POLL_WHILE_PENDING);
    }
    // The finalizer goes for good: decide on the nodes as the API server has them now.
    if (!new Situation(
            Stage.UNINSTALLING,
            strategy.converge(kc, Set.of(), true, client.nodes().list().getItems()),
            List.of(),
            null)
        .settled()) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(POLL_WHILE_PENDING);
    }
    if (kc.getSpec().isEnablePeerPods() && !podVmImages.removeImage(kc)) {
      // An image the creation Job made goes with the KataConfig; a user-provided one stays.
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(PodVmImageJobs.POLL);
    } else if (!kc.getSpec().isEnablePeerPods()) {
      podVmImages.removeCreationJob();
    }
    strategy.removeAll(kc);
    peerPods.removeCredentials();
    LOG.info(
        "KataConfig {}: uninstallation completed, removing the finalizer",
        kc.getMetadata().getName());
    events.record(
        kc,
        EventReason.UNINSTALLED,
        "Uninstallation completed. Proceeding with the" + " KataConfig deletion");
    return DeleteControl.defaultDelete();
  }

  /**
   * A pass that failed (the API server refused or did not answer) says so in the status, with the
   * API server's message, and JOSDK retries it. Not while stopping: that is no failure.
   */
  @Override
  public ErrorStatusUpdateControl<KataConfig> updateErrorStatus(
      KataConfig kc, Context<KataConfig> ctx, Exception e) {
    if (nodeSource == null || !nodeSource.isRunning() || Caches.Stopped.causes(e)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    statusRecorder.catchUp(kc);
    String error = ApiErrors.describe(e);
    LOG.warn("KataConfig {}: reconcile failed: {}", kc.getMetadata().getName(), error);
    List<String> reported = kc.getStatus() == null ? List.of() : kc.getStatus().getRuntimeClasses();
    record(
        kc,
        Situation.withoutNodes(Stage.FAILED_REQUEST, reported, Conditions.reconcileFailed(error)));
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /** The KataConfig in charge: the oldest one (ties broken by name). */
  private static String activeName(Context<KataConfig> ctx) {
    return ctx.getPrimaryCache()
        .list()
        .min(
            Comparator.comparing(
                    (KataConfig k) -> String.valueOf(k.getMetadata().getCreationTimestamp()))
                .thenComparing(k -> k.getMetadata().getName()))
        .map(k -> k.getMetadata().getName())
        .orElseThrow(() -> new IllegalStateException("no KataConfig in the cache"));
  }

  /**
   * A stopping operator empties its caches while a reconcile may still run: an empty node list
   * would then read as "nothing left to uninstall". Such a pass must decide nothing.
   */
  private void requireLiveCaches() {
    if (!nodeSource.isRunning()) {
      throw new Caches.Stopped("nodes");
    }
  }

  private List<Node> nodes() {
    return Caches.live(
        nodeSource,
        "nodes",
        nodeSource.list(n -> true).collect(Collectors.toCollection(ArrayList::new)));
  }

  /** Hands the situation to the aggregator, writes status if it changed, tells of transitions. */
  private void record(KataConfig kc, Situation situation) {
    KataConfigCondition before =
        kc.getStatus() == null ? null : kc.getStatus().condition(Conditions.TYPE_IN_PROGRESS);
    var status = StatusAggregator.next(kc, situation, clock.instant());
    statusRecorder.record(kc, status);
    KataConfigCondition after = status.condition(Conditions.TYPE_IN_PROGRESS);
    if (after != null && !after.sameMeaning(before)) {
      announce(kc, after);
    }
  }

  private void announce(KataConfig kc, KataConfigCondition c) {
    String reason = c.getReason();
    LOG.info(
        "KataConfig {}: InProgress={} reason={} {}",
        kc.getMetadata().getName(),
        c.getStatus(),
        reason,
        c.getMessage());
    EventReason event = EventReason.ofCondition(reason);
    events.record(
        kc,
        event,
        event == EventReason.INSTALLED
            ? kc.runtimeName()
                + " is installed on "
                + kc.getStatus().getKataNodes().getReadyNodeCount()
                + " node(s)"
            : c.getMessage());
  }
}
