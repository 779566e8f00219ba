package dev.osc.operator.model;

import dev.osc.api.Conditions;
import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1.KataConfigCondition;
import dev.osc.api.v1.KataConfigStatus;
import dev.osc.api.v1.KataNodesStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The one owner of KataConfig status: builds it from what a pass found, keeps the condition's
 * lastTransitionTime while its meaning is unchanged, and sets observedGeneration. Pure.
 */
public final class StatusAggregator {
  private StatusAggregator() {}

  public static KataConfigStatus next(KataConfig kc, Situation situation, Instant now) {
    KataConfigStatus previous = kc.getStatus() == null ? new KataConfigStatus() : kc.getStatus();
    KataConfigCondition before = previous.condition(Conditions.TYPE_IN_PROGRESS);
    KataConfigCondition decided = decide(situation, kc.runtimeName());
    if (before != null && decided.sameMeaning(before)) {
      decided.setLastTransitionTime(before.getLastTransitionTime());
    } else {
      decided.setLastTransitionTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
    }

    KataConfigStatus status = new KataConfigStatus();
    status.setConditions(new ArrayList<>(List.of(decided)));
    status.setRuntimeClasses(new ArrayList<>(situation.runtimeClasses()));
    status.setKataNodes(
        situation.stage() == Situation.Stage.STARTING
            ? new KataNodesStatus()
            : situation.nodes() == null ? previous.getKataNodes() : kataNodes(situation.nodes()));
    status.setObservedGeneration(kc.getMetadata().getGeneration());
    return status;
  }

  /** The InProgress condition for a situation (lastTransitionTime left unset). */
  static KataConfigCondition decide(Situation s, String runtime) {
    return switch (s.stage()) {
      case STARTING -> inProgress(Conditions.REASON_INSTALLING, Conditions.installing(runtime));
      case INSTALLING -> {
        NodeProgress failed = firstFailed(s.nodes());
        if (failed != null) {
          yield failedCondition(failed);
        }
        if (!s.settled()) {
          // The runtime classes appear when the first installation completes.
          yield s.runtimeClasses().isEmpty()
              ? inProgress(Conditions.REASON_INSTALLING, Conditions.installing(runtime))
              : inProgress(Conditions.REASON_UPDATING, Conditions.UPDATING);
        }
        yield done();
      }
      case UNINSTALLING -> {
        NodeProgress failed = firstFailed(s.nodes());
        if (failed != null) {
          yield failedCondition(failed);
        }
        yield s.settled()
            ? done()
            : inProgress(Conditions.REASON_UNINSTALLING, Conditions.uninstalling(runtime));
      }
      case BLOCKED_BY_PODS -> notInProgress(Conditions.REASON_BLOCKED, s.detail());
      case INVALID -> notInProgress(Conditions.REASON_INVALID, s.detail());
      case INVALID_PEER_PODS_CONFIG ->
          notInProgress(Conditions.REASON_INVALID_PEER_PODS, s.detail());
      case DUPLICATE -> notInProgress(Conditions.REASON_DUPLICATE, s.detail());
      case NO_ELIGIBLE_NODES ->
          notInProgress(Conditions.REASON_NO_ELIGIBLE_NODES, Conditions.NO_ELIGIBLE_NODES);
      case FAILED_REQUEST -> inProgress(Conditions.REASON_FAILED, s.detail());
    };
  }

  static KataNodesStatus kataNodes(List<NodeProgress> nodes) {
    Map<NodePhase, List<String>> lists = new EnumMap<>(NodePhase.class);
    for (NodePhase p : NodePhase.values()) {
      lists.put(p, new ArrayList<>());
    }
    int count = 0;
    for (NodeProgress n : nodes) {
      lists.get(n.phase()).add(n.node());
      if (n.phase().countsAsKataNode()) {
        count++;
      }
    }
    lists.values().forEach(l -> l.sort(Comparator.naturalOrder()));
    KataNodesStatus k = new KataNodesStatus();
    k.setNodeCount(count);
    k.setReadyNodeCount(lists.get(NodePhase.INSTALLED).size());
    k.setInstalled(lists.get(NodePhase.INSTALLED));
    k.setInstalling(lists.get(NodePhase.INSTALLING));
    k.setWaitingToInstall(lists.get(NodePhase.WAITING_TO_INSTALL));
    k.setFailedToInstall(lists.get(NodePhase.FAILED_TO_INSTALL));
    k.setUninstalling(lists.get(NodePhase.UNINSTALLING));
    k.setWaitingToUninstall(lists.get(NodePhase.WAITING_TO_UNINSTALL));
    k.setFailedToUninstall(lists.get(NodePhase.FAILED_TO_UNINSTALL));
    return k;
  }

  private static NodeProgress firstFailed(List<NodeProgress> nodes) {
    return nodes == null
        ? null
        : nodes.stream()
            .filter(n -> n.phase().failed())
            .min(Comparator.comparing(NodeProgress::node))
            .orElse(null);
  }

  private static KataConfigCondition failedCondition(NodeProgress n) {
    return inProgress(
        Conditions.REASON_FAILED,
        Conditions.nodeDegraded(n.node(), n.error() == null ? "unknown error" : n.error()));
  }

  private static KataConfigCondition inProgress(String reason, String message) {
    return new KataConfigCondition(
        Conditions.TYPE_IN_PROGRESS, Conditions.TRUE, reason, message, null);
  }

  private static KataConfigCondition notInProgress(String reason, String message) {
    return new KataConfigCondition(
        Conditions.TYPE_IN_PROGRESS, Conditions.FALSE, reason, message, null);
  }

  private static KataConfigCondition done() {
    return notInProgress("", "");
  }
}
