package dev.osc.operator;

import dev.osc.api.Conditions;
import dev.osc.api.Meta;
import dev.osc.api.PeerPods;
import dev.osc.api.peerpods.PeerPodLimit;
import dev.osc.api.v1alpha1.PeerPodConfig;
import dev.osc.api.v1alpha1.PeerPodConfigStatus;
import dev.osc.operator.k8s.ApiErrors;
import dev.osc.operator.k8s.Caches;
import dev.osc.operator.k8s.EventReason;
import dev.osc.operator.k8s.EventRecorder;
import dev.osc.operator.k8s.StatusRecorder;
import dev.osc.operator.peerpods.NodeCapacity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every node that PeerPodConfig's nodeSelector picks advertise {@code spec.limit} as {@code
 * kata.peerpods.io/vm} capacity, so the scheduler never puts more peer pods on a node than its
 * limit; nodes that stop matching lose the capacity. An invalid limit is reported in the status and
 * as an Event, and nothing is changed on the nodes. The finalizer takes the capacity back when the
 * PeerPodConfig goes.
 */
@ControllerConfiguration(name = "peerpodconfig", finalizerName = PeerPodConfigReconciler.FINALIZER)
public final class PeerPodConfigReconciler
    implements Reconciler<PeerPodConfig>, Cleaner<PeerPodConfig> {
  static final String FINALIZER = "peerpodconfig.confidentialcontainers.org/node-capacity";
  private static final Logger LOG = LoggerFactory.getLogger(PeerPodConfigReconciler.class);

  private final KubernetesClient client;
  private final StatusRecorder statusRecorder;
  private final EventRecorder events;
  private InformerEventSource<Node, PeerPodConfig> nodeSource;

  public PeerPodConfigReconciler(KubernetesClient client, Clock clock) {
    this.client = client;
    this.statusRecorder = new StatusRecorder(client);
    this.events = new EventRecorder(client, clock);
  }

  @Override
  public List<EventSource<?, PeerPodConfig>> prepareEventSources(
      EventSourceContext<PeerPodConfig> ctx) {
    nodeSource =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Node.class, PeerPodConfig.class)
                .withName("peerpod-nodes")
                .withSecondaryToPrimaryMapper(
                    n ->
                        ctx.getPrimaryCache()
                            .list()
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                // Labels decide the selection; capacity is what we write.
                .withOnUpdateFilter(
                    (now, old) ->
                        !Objects.equals(
                                now.getMetadata().getLabels(), old.getMetadata().getLabels())
                            || !Objects.equals(
                                NodeCapacity.advertised(now), NodeCapacity.advertised(old)))
                .build(),
            ctx);
    return List.of(nodeSource);
  }

  @Override
  public UpdateControl<PeerPodConfig> reconcile(PeerPodConfig ppc, Context<PeerPodConfig> ctx) {
    statusRecorder.catchUp(ppc);
    int limit;
    String text = ppc.getSpec() == null ? null : ppc.getSpec().getLimit();
    try {
      limit = text == null ? PeerPodLimit.DEFAULT.value() : PeerPodLimit.parse(text).value();
    } catch (IllegalArgumentException e) {
      String message = "spec.limit: " + e.getMessage();
      if (statusRecorder.record(ppc, new PeerPodConfigStatus(false, message))) {
        LOG.warn("PeerPodConfig {}: {}", ppc.getMetadata().getName(), message);
        events.record(ppc, EventReason.INVALID_LIMIT, message + "; node capacity unchanged");
      }
      return UpdateControl.noUpdate();
    }
    Map<String, String> selector = ppc.getSpec().getNodeSelector();
    for (Node node : nodeSource.list(n -> true).toList()) {
      boolean selected = Meta.labels(node).entrySet().containsAll(selector.entrySet());
      NodeCapacity.change(node, selected, limit).ifPresent(v -> apply(node, v));
    }
    if (statusRecorder.record(ppc, new PeerPodConfigStatus(true, null))) {
      events.record(
          ppc,
          EventReason.LIMIT_APPLIED,
          "every selected node advertises " + PeerPods.VM_RESOURCE + "=" + limit);
    }
    return UpdateControl.noUpdate();
  }

  /** A pass that failed on the API server says so in the status; JOSDK retries it. */
  @Override
  public ErrorStatusUpdateControl<PeerPodConfig> updateErrorStatus(
      PeerPodConfig ppc, Context<PeerPodConfig> ctx, Exception e) {
    if (nodeSource == null || !nodeSource.isRunning() || Caches.Stopped.causes(e)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    statusRecorder.catchUp(ppc);
    String message = Conditions.reconcileFailed(ApiErrors.describe(e));
    LOG.warn("PeerPodConfig {}: {}", ppc.getMetadata().getName(), message);
    statusRecorder.record(ppc, new PeerPodConfigStatus(false, message));
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  @Override
  public DeleteControl cleanup(PeerPodConfig ppc, Context<PeerPodConfig> ctx) {
    for (Node node : nodeSource.list(n -> true).toList()) {
      NodeCapacity.change(node, false, 0).ifPresent(v -> apply(node, v));
    }
    return DeleteControl.defaultDelete();
  }

  /** Sets (value) or removes ("") the VM capacity through the node status subresource. */
  private void apply(Node node, String value) {
    String name = node.getMetadata().getName();
    var status = client.nodes().withName(name).subresource("status");
    if (value.isEmpty()) {
      LOG.info("node {}: removing {} capacity", name, PeerPods.VM_RESOURCE);
      status.patch(
          PatchContext.of(PatchType.JSON),
          "[{\"op\":\"remove\",\"path\":"
              + "\"/status/capacity/"
              + PeerPods.VM_RESOURCE.replace("/", "~1")
              + "\"}]");
    } else {
      LOG.info("node {}: {} capacity {}", name, PeerPods.VM_RESOURCE, value);
      status.patch(
          PatchContext.of(PatchType.JSON_MERGE),
          client
              .getKubernetesSerialization()
              .asJson(Map.of("status", Map.of("capacity", Map.of(PeerPods.VM_RESOURCE, value)))));
    }
  }
}
