package dev.osc.operator;

import dev.osc.api.Conditions;
import dev.osc.api.Names;
import dev.osc.api.openshift.MachineConfigPool;
import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1.KataConfigCondition;
import dev.osc.api.v1.SpecValidator;
import dev.osc.operator.k8s.EventRecorder;
import dev.osc.operator.k8s.KataPods;
import dev.osc.operator.k8s.PeerPodsDeployment;
import dev.osc.operator.k8s.PodVmImageJobs;
import dev.osc.operator.peerpods.PodVmImageJobModel;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Optional;
import dev.osc.operator.k8s.RuntimeClasses;
import dev.osc.operator.k8s.StatusRecorder;
import dev.osc.operator.model.NodeProgress;
import dev.osc.operator.model.NodeSelection;
import dev.osc.operator.model.RuntimeClassModel;
import dev.osc.operator.model.Situation;
import dev.osc.operator.model.Situation.Stage;
import dev.osc.operator.model.StatusAggregator;
import dev.osc.operator.strategy.InstallStrategy;
import dev.osc.operator.strategy.MachineConfigStrategy;
import dev.osc.api.peerpods.PeerPodsKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles the KataConfig: observe (nodes, the strategy's per-node progress), validate (the
 * spec, the one-KataConfig rule), act (one step of the install strategy), then hand what it found
 * to the status aggregator. Everything it needs to continue is in the cluster, so a restarted
 * operator picks up exactly where the last one stopped.
 */
@ControllerConfiguration(name = "kataconfig", finalizerName = Names.KATACONFIG_FINALIZER)
public final class KataConfigReconciler implements Reconciler<KataConfig>, Cleaner<KataConfig> {
  private static final Logger LOG = LoggerFactory.getLogger(KataConfigReconciler.class);

  static final Duration POLL_WHILE_PENDING = Duration.ofSeconds(30);
  static final Duration POLL_WHILE_BLOCKED = Duration.ofSeconds(5);
  static final Duration POLL_FOR_ELIGIBLE_NODES = Duration.ofSeconds(20);

  private final InstallStrategy strategy;
  private final OperatorSettings settings;
  private final StatusRecorder statusRecorder;
  private final EventRecorder events;
  private final RuntimeClasses runtimeClasses;
  private final KataPods kataPods;
  private final PeerPodsDeployment peerPods;
  private final PodVmImageJobs podVmImages;
  private final Clock clock;
  private final io.fabric8.kubernetes.client.KubernetesClient client;
  private InformerEventSource<Node, KataConfig> nodeSource;

  public KataConfigReconciler(
      io.fabric8.kubernetes.client.KubernetesClient client,
      InstallStrategy strategy,
      OperatorSettings settings,
      Clock clock) {
    this.client = client;
    this.strategy = strategy;
    this.settings = settings;
    this.statusRecorder = new StatusRecorder(client);
    this.events = new EventRecorder(client);
    this.runtimeClasses = new RuntimeClasses(client);
    this.kataPods = new KataPods(client);
    this.peerPods = new PeerPodsDeployment(client, settings.namespace(), settings.oscImage());
    this.podVmImages = new PodVmImageJobs(client, settings.namespace(), settings.oscImage(),
        events);
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, KataConfig>> prepareEventSources(EventSourceContext<KataConfig> ctx) {
    // Every watched object concerns the one KataConfig; map events to all (normally one).
    SecondaryToPrimaryMapper<HasMetadata> all = r -> ctx.getPrimaryCache().list()
        .map(ResourceID::fromResource).collect(Collectors.toSet());
    List<EventSource<?, KataConfig>> sources = new ArrayList<>();
    nodeSource = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Node.class, KataConfig.class)
            .withName("nodes")
            .withSecondaryToPrimaryMapper(all::toPrimaryResourceIDs)
            // Heartbeats rewrite node status every few seconds; only metadata matters here.
            .withOnUpdateFilter((now, old) -> !Objects.equals(now.getMetadata().getLabels(),
                    old.getMetadata().getLabels())
                || !Objects.equals(now.getMetadata().getAnnotations(),
                    old.getMetadata().getAnnotations()))
            .build(),
        ctx);
    sources.add(nodeSource);
    // Peer pods: a changed peer-pods-cm or peer-pods-secret re-validates and rolls the adaptor.
    sources.add(byName(ctx, ConfigMap.class, PeerPodsKeys.CONFIG_MAP, all));
    sources.add(byName(ctx, Secret.class, PeerPodsKeys.SECRET, all));
    // Peer pods: the pod VM image Jobs finishing.
    sources.add(new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Job.class, KataConfig.class)
            .withName("podvm-image-jobs")
            .withNamespaces(Set.of(settings.namespace()))
            .withLabelSelector(PodVmImageJobModel.LABEL_JOB)
            .withSecondaryToPrimaryMapper(all::toPrimaryResourceIDs)
            .build(),
        ctx));
    if (strategy instanceof MachineConfigStrategy) {
      sources.add(new InformerEventSource<>(
          InformerEventSourceConfiguration.from(MachineConfigPool.class, KataConfig.class)
              .withName("machineconfigpools")
              .withSecondaryToPrimaryMapper(all::toPrimaryResourceIDs)
              .build(),
          ctx));
    } else {
      sources.add(new InformerEventSource<>(
          InformerEventSourceConfiguration.from(Pod.class, KataConfig.class)
              .withName("installer-pods")
              .withNamespaces(Set.of(settings.namespace()))
              .withLabelSelector("name in (" + Names.KATA_DEPLOY_DAEMONSET + ","
                  + Names.KATA_CLEANUP_DAEMONSET + ")")
              .withSecondaryToPrimaryMapper(all::toPrimaryResourceIDs)
              .build(),
          ctx));
    }
    return sources;
  }

  private <R extends HasMetadata> InformerEventSource<R, KataConfig> byName(
      EventSourceContext<KataConfig> ctx, Class<R> type, String name,
      SecondaryToPrimaryMapper<HasMetadata> all) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, KataConfig.class)
            .withName(name)
            .withNamespaces(Set.of(settings.namespace()))
            .withFieldSelector(new FieldSelector(new FieldSelector.Field("metadata.name", name)))
            .withSecondaryToPrimaryMapper(all::toPrimaryResourceIDs)
            .build(),
        ctx);
  }

  @Override
  public UpdateControl<KataConfig> reconcile(KataConfig kc, Context<KataConfig> ctx) {
    requireLiveCaches();
    String active = activeName(ctx);
    if (!kc.getMetadata().getName().equals(active)) {
      record(kc, Situation.withoutNodes(Stage.DUPLICATE, List.of(), Conditions.duplicate(active)));
      return UpdateControl.noUpdate();
    }
    List<String> errors = SpecValidator.validate(kc.getSpec());
    if (!errors.isEmpty()) {
      // Nothing is applied from an invalid spec; a corrected spec is a new generation.
      record(kc, Situation.withoutNodes(Stage.INVALID, runtimeClasses.existing(),
          String.join("; ", errors)));
      return UpdateControl.noUpdate();
    }
    if (kc.getStatus() == null || kc.getStatus().condition(Conditions.TYPE_IN_PROGRESS) == null) {
      LOG.info("KataConfig {}: starting installation with the {} strategy",
          kc.getMetadata().getName(), strategy.name());
      record(kc, Situation.withoutNodes(Stage.STARTING, List.of(), null));
      return UpdateControl.<KataConfig>noUpdate().rescheduleAfter(Duration.ofMillis(10));
    }
    List<Node> nodes = nodes();
    Set<String> wanted = NodeSelection.selected(nodes, kc.getSpec());
    if (kc.getSpec().isCheckNodeEligibility() && wanted.isEmpty()) {
      record(kc, Situation.withoutNodes(Stage.NO_ELIGIBLE_NODES, runtimeClasses.existing(),
          null));
      return UpdateControl.<KataConfig>noUpdate().rescheduleAfter(POLL_FOR_ELIGIBLE_NODES);
    }
    List<NodeProgress> progress = strategy.converge(kc, wanted, false, nodes);
    Situation found = new Situation(Stage.INSTALLING, progress, List.of(), null);
    if (!found.settled()) {
      record(kc, new Situation(Stage.INSTALLING, progress, runtimeClasses.existing(), null));
      return UpdateControl.<KataConfig>noUpdate().rescheduleAfter(POLL_WHILE_PENDING);
    }
    if (kc.getSpec().isEnablePeerPods()) {
      var problems = peerPods.ensure(kc);
      if (problems.isPresent()) {
        // Nothing peer-pods related is created or changed from an invalid configuration.
        record(kc, new Situation(Stage.INVALID_PEER_PODS_CONFIG, progress,
            runtimeClasses.existing(), problems.get()));
        return UpdateControl.noUpdate();
      }
    } else {
      peerPods.remove();
      podVmImages.removeCreationJob();
    }
    found = new Situation(Stage.INSTALLING, progress,
        runtimeClasses.ensure(kc, kc.getSpec().isEnablePeerPods()), null);
    record(kc, found);
    // The image is made in the background: installation does not wait for it (upstream's
    // PodVMImageJobRunning); Events tell how it went.
    Optional<Duration> imageJob = kc.getSpec().isEnablePeerPods()
        ? podVmImages.ensureImage(kc) : Optional.empty();
    return imageJob.map(d -> UpdateControl.<KataConfig>noUpdate().rescheduleAfter(d))
        .orElseGet(UpdateControl::noUpdate);
  }

  @Override
  public DeleteControl cleanup(KataConfig kc, Context<KataConfig> ctx) {
    requireLiveCaches();
    if (!kc.getMetadata().getName().equals(activeName(ctx))) {
      return DeleteControl.defaultDelete();
    }
    String blocked;
    try {
      blocked = kataPods.firstRuntimeClassInUse(RuntimeClassModel.ALL)
          .map(Conditions::blockedByPods).orElse(null);
    } catch (KubernetesClientException e) {
      blocked = Conditions.failedToListPods(e.getMessage());
    }
    if (blocked != null) {
      record(kc, Situation.withoutNodes(Stage.BLOCKED_BY_PODS, runtimeClasses.existing(),
          blocked));
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(POLL_WHILE_BLOCKED);
    }
    // No new kata pods from here on: a pod naming a missing RuntimeClass is refused.
    runtimeClasses.deleteAll();
    peerPods.remove();
    List<NodeProgress> progress = strategy.converge(kc, Set.of(), true, nodes());
    Situation found = new Situation(Stage.UNINSTALLING, progress, List.of(), null);
    if (!found.settled()) {
      record(kc, found);
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(POLL_WHILE_PENDING);
    }
    // The finalizer goes for good: decide on the nodes as the API server has them now.
    if (!new Situation(Stage.UNINSTALLING, strategy.converge(kc, Set.of(), true,
        client.nodes().list().getItems()), List.of(), null).settled()) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(POLL_WHILE_PENDING);
    }
    if (kc.getSpec().isEnablePeerPods() && !podVmImages.removeImage(kc)) {
      // An image the creation Job made goes with the KataConfig; a user-provided one stays.
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(PodVmImageJobs.POLL);
    } else if (!kc.getSpec().isEnablePeerPods()) {
      podVmImages.removeCreationJob();
    }
    strategy.removeAll(kc);
    LOG.info("KataConfig {}: uninstallation completed, removing the finalizer",
        kc.getMetadata().getName());
    events.normal(kc, "Uninstalled", "Uninstallation completed. Proceeding with the KataConfig"
        + " deletion");
    return DeleteControl.defaultDelete();
  }

  /** The KataConfig in charge: the oldest one (ties broken by name). */
  private static String activeName(Context<KataConfig> ctx) {
    return ctx.getPrimaryCache().list()
        .min(Comparator.comparing((KataConfig k) ->
                String.valueOf(k.getMetadata().getCreationTimestamp()))
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
      throw new IllegalStateException("the operator is stopping: caches are gone");
    }
  }

  private List<Node> nodes() {
    return nodeSource.list(n -> true).collect(Collectors.toList());
  }

  /** Hands the situation to the aggregator, writes status if it changed, tells of transitions. */
  private void record(KataConfig kc, Situation situation) {
    KataConfigCondition before = kc.getStatus() == null
        ? null : kc.getStatus().condition(Conditions.TYPE_IN_PROGRESS);
    var status = StatusAggregator.next(kc, situation, clock.instant());
    statusRecorder.record(kc, status);
    KataConfigCondition after = status.condition(Conditions.TYPE_IN_PROGRESS);
    if (after != null && !after.sameMeaning(before)) {
      announce(kc, after);
    }
  }

  private void announce(KataConfig kc, KataConfigCondition c) {
    String reason = c.getReason();
    LOG.info("KataConfig {}: InProgress={} reason={} {}", kc.getMetadata().getName(),
        c.getStatus(), reason, c.getMessage());
    switch (reason) {
      case Conditions.REASON_FAILED, Conditions.REASON_BLOCKED, Conditions.REASON_INVALID,
          Conditions.REASON_INVALID_PEER_PODS,
          Conditions.REASON_DUPLICATE, Conditions.REASON_NO_ELIGIBLE_NODES ->
          events.warning(kc, reason, c.getMessage());
      case "" -> events.normal(kc, "Installed", kc.runtimeName() + " is installed on "
          + kc.getStatus().getKataNodes().getReadyNodeCount() + " node(s)");
      default -> events.normal(kc, reason, c.getMessage());
    }
  }
}
