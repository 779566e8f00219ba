package dev.osc.operator.model;

import static dev.osc.operator.model.NodePhase.FAILED_TO_INSTALL;
import static dev.osc.operator.model.NodePhase.FAILED_TO_UNINSTALL;
import static dev.osc.operator.model.NodePhase.INSTALLED;
import static dev.osc.operator.model.NodePhase.INSTALLING;
import static dev.osc.operator.model.NodePhase.NOT_KATA;
import static dev.osc.operator.model.NodePhase.UNINSTALLING;
import static dev.osc.operator.model.NodePhase.WAITING_TO_INSTALL;
import static dev.osc.operator.model.NodePhase.WAITING_TO_UNINSTALL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Conditions;
import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1.KataConfigCondition;
import dev.osc.api.v1.KataConfigStatus;
import dev.osc.api.v1.KataNodesStatus;
import dev.osc.operator.model.Situation.Stage;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class StatusAggregatorTest {

  private static final Instant NOW = Instant.parse("2024-05-06T07:08:09.987654Z");
  private static final String NOW_TEXT = "2024-05-06T07:08:09Z";
  private static final String EARLIER = "2024-05-01T00:00:00Z";

  private static final String INSTALLING_KATA =
      "Performing initial installation of kata on cluster";
  private static final String UPDATING = "Adding and/or removing kata-enabled nodes";
  private static final String REMOVING_KATA = "Removing kata from cluster";

  private static KataConfig kc(boolean peerPods, KataConfigCondition previous) {
    KataConfig kc = new KataConfig();
    kc.setMetadata(
        new ObjectMetaBuilder().withName("example-kataconfig").withGeneration(7L).build());
    kc.getSpec().setEnablePeerPods(peerPods);
    if (previous != null) {
      KataConfigStatus status = new KataConfigStatus();
      status.setConditions(new ArrayList<>(List.of(previous)));
      kc.setStatus(status);
    }
    return kc;
  }

  private static KataConfigCondition previous(String status, String reason, String message) {
    return new KataConfigCondition(Conditions.TYPE_IN_PROGRESS, status, reason, message, EARLIER);
  }

  private static NodeProgress n(String name, NodePhase phase) {
    return NodeProgress.of(name, phase);
  }

  private static NodeProgress failed(String name, NodePhase phase, String error) {
    return new NodeProgress(name, phase, error);
  }

  private static KataConfigCondition condition(KataConfigStatus status) {
    assertThat(status.getConditions()).hasSize(1);
    return status.condition(Conditions.TYPE_IN_PROGRESS);
  }

  private static final List<String> NO_CLASSES = List.of();
  private static final List<String> KATA = List.of("kata");

  static Stream<Arguments> conditions() {
    return Stream.of(
        Arguments.of(
            "starting",
            Stage.STARTING,
            null,
            null,
            false,
            NO_CLASSES,
            null,
            "True",
            "Installing",
            INSTALLING_KATA),
        Arguments.of(
            "starting, peer pods",
            Stage.STARTING,
            null,
            null,
            true,
            NO_CLASSES,
            null,
            "True",
            "Installing",
            "Performing initial installation of kata-remote on cluster"),
        Arguments.of(
            "first pass with pending nodes",
            Stage.INSTALLING,
            List.of(n("w1", WAITING_TO_INSTALL)),
            null,
            false,
            NO_CLASSES,
            null,
            "True",
            "Installing",
            INSTALLING_KATA),
        Arguments.of(
            "initial install continues",
            Stage.INSTALLING,
            List.of(n("w1", INSTALLED), n("w2", INSTALLING)),
            "Installing",
            false,
            NO_CLASSES,
            null,
            "True",
            "Installing",
            INSTALLING_KATA),
        Arguments.of(
            "initial install resumes after a healed failure",
            Stage.INSTALLING,
            List.of(n("w1", INSTALLING), n("w2", WAITING_TO_INSTALL)),
            "Failed",
            false,
            NO_CLASSES,
            null,
            "True",
            "Installing",
            INSTALLING_KATA),
        Arguments.of(
            "initial install after a corrected spec",
            Stage.INSTALLING,
            List.of(n("w1", WAITING_TO_INSTALL)),
            "InvalidConfiguration",
            false,
            NO_CLASSES,
            null,
            "True",
            "Installing",
            INSTALLING_KATA),
        Arguments.of(
            "initial install, peer pods",
            Stage.INSTALLING,
            List.of(n("w1", INSTALLING)),
            "Installing",
            true,
            NO_CLASSES,
            null,
            "True",
            "Installing",
            "Performing initial installation of kata-remote on cluster"),
        Arguments.of(
            "node added after install",
            Stage.INSTALLING,
            List.of(n("w1", INSTALLED), n("w2", WAITING_TO_INSTALL)),
            "",
            false,
            KATA,
            null,
            "True",
            "Updating",
            UPDATING),
        Arguments.of(
            "node deselected after install",
            Stage.INSTALLING,
            List.of(n("w1", INSTALLED), n("w2", WAITING_TO_UNINSTALL)),
            "",
            false,
            KATA,
            null,
            "True",
            "Updating",
            UPDATING),
        Arguments.of(
            "update continues",
            Stage.INSTALLING,
            List.of(n("w2", UNINSTALLING)),
            "Updating",
            false,
            KATA,
            null,
            "True",
            "Updating",
            UPDATING),
        Arguments.of(
            "runtime classes exist, whatever the previous reason",
            Stage.INSTALLING,
            List.of(n("w2", INSTALLING)),
            "Installing",
            false,
            KATA,
            null,
            "True",
            "Updating",
            UPDATING),
        Arguments.of(
            "all installed",
            Stage.INSTALLING,
            List.of(n("w1", INSTALLED), n("w2", INSTALLED)),
            "Installing",
            false,
            KATA,
            null,
            "False",
            "",
            ""),
        Arguments.of(
            "no kata nodes at all",
            Stage.INSTALLING,
            List.of(),
            "Installing",
            false,
            NO_CLASSES,
            null,
            "False",
            "",
            ""),
        Arguments.of(
            "failure beats pending",
            Stage.INSTALLING,
            List.of(n("w1", WAITING_TO_INSTALL), failed("w2", FAILED_TO_INSTALL, "boom")),
            "Installing",
            false,
            NO_CLASSES,
            null,
            "True",
            "Failed",
            "Node w2 Degraded: boom"),
        Arguments.of(
            "alphabetically first failed node",
            Stage.INSTALLING,
            List.of(
                failed("worker-2", FAILED_TO_INSTALL, "second"),
                failed("worker-10", FAILED_TO_INSTALL, "first"),
                failed("worker-3", FAILED_TO_UNINSTALL, "third")),
            "",
            false,
            KATA,
            null,
            "True",
            "Failed",
            "Node worker-10 Degraded: first"),
        Arguments.of(
            "failure without error text",
            Stage.INSTALLING,
            List.of(failed("w1", FAILED_TO_INSTALL, null)),
            null,
            false,
            NO_CLASSES,
            null,
            "True",
            "Failed",
            "Node w1 Degraded: unknown error"),
        Arguments.of(
            "failed removal during install",
            Stage.INSTALLING,
            List.of(n("w1", INSTALLED), failed("w2", FAILED_TO_UNINSTALL, "stuck")),
            "",
            false,
            KATA,
            null,
            "True",
            "Failed",
            "Node w2 Degraded: stuck"),
        Arguments.of(
            "uninstalling",
            Stage.UNINSTALLING,
            List.of(n("w1", UNINSTALLING), n("w2", WAITING_TO_UNINSTALL)),
            "",
            false,
            NO_CLASSES,
            null,
            "True",
            "Uninstalling",
            REMOVING_KATA),
        Arguments.of(
            "uninstalling, peer pods",
            Stage.UNINSTALLING,
            List.of(n("w1", WAITING_TO_UNINSTALL)),
            "",
            true,
            NO_CLASSES,
            null,
            "True",
            "Uninstalling",
            "Removing kata-remote from cluster"),
        Arguments.of(
            "uninstall failed",
            Stage.UNINSTALLING,
            List.of(n("w1", UNINSTALLING), failed("w2", FAILED_TO_UNINSTALL, "drain")),
            "",
            false,
            NO_CLASSES,
            null,
            "True",
            "Failed",
            "Node w2 Degraded: drain"),
        Arguments.of(
            "uninstall settled",
            Stage.UNINSTALLING,
            List.of(n("w1", NOT_KATA)),
            "Uninstalling",
            false,
            NO_CLASSES,
            null,
            "False",
            "",
            ""),
        Arguments.of(
            "blocked by pods",
            Stage.BLOCKED_BY_PODS,
            null,
            "",
            false,
            KATA,
            Conditions.blockedByPods("kata"),
            "False",
            "BlockedByExistingKataPods",
            "Existing pods using \"kata\" RuntimeClass found. Please delete the pods manually"
                + " for KataConfig deletion to proceed."),
        Arguments.of(
            "invalid",
            Stage.INVALID,
            null,
            null,
            false,
            NO_CLASSES,
            "spec.logLevel: bad",
            "False",
            "InvalidConfiguration",
            "spec.logLevel: bad"),
        Arguments.of(
            "duplicate",
            Stage.DUPLICATE,
            null,
            null,
            false,
            NO_CLASSES,
            "already one",
            "False",
            "DuplicateKataConfig",
            "already one"),
        Arguments.of(
            "no eligible nodes",
            Stage.NO_ELIGIBLE_NODES,
            null,
            "Installing",
            false,
            NO_CLASSES,
            null,
            "False",
            "NoEligibleNodes",
            "no Nodes with required labels found. Is NFD running?"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conditions")
  void inProgressCondition(
      String name,
      Stage stage,
      List<NodeProgress> nodes,
      String previousReason,
      boolean peerPods,
      List<String> runtimeClasses,
      String detail,
      String status,
      String reason,
      String message) {
    KataConfigCondition before =
        previousReason == null
            ? null
            : previous(previousReason.isEmpty() ? "False" : "True", previousReason, "earlier");
    KataConfigStatus next =
        StatusAggregator.next(
            kc(peerPods, before), new Situation(stage, nodes, runtimeClasses, detail), NOW);
    KataConfigCondition c = condition(next);
    assertThat(c.getType()).isEqualTo(Conditions.TYPE_IN_PROGRESS);
    assertThat(c.getStatus()).isEqualTo(status);
    assertThat(c.getReason()).isEqualTo(reason);
    assertThat(c.getMessage()).isEqualTo(message);
  }

  static Stream<Arguments> transitions() {
    return Stream.of(
        Arguments.of("first condition", null, Stage.STARTING, null, null, NOW_TEXT),
        Arguments.of(
            "still installing",
            previous("True", "Installing", INSTALLING_KATA),
            Stage.INSTALLING,
            List.of(n("w1", INSTALLING)),
            null,
            EARLIER),
        Arguments.of(
            "starting again, same meaning",
            previous("True", "Installing", INSTALLING_KATA),
            Stage.STARTING,
            null,
            null,
            EARLIER),
        Arguments.of(
            "installing to done",
            previous("True", "Installing", INSTALLING_KATA),
            Stage.INSTALLING,
            List.of(n("w1", INSTALLED)),
            null,
            NOW_TEXT),
        Arguments.of(
            "still done",
            previous("False", "", ""),
            Stage.INSTALLING,
            List.of(n("w1", INSTALLED)),
            null,
            EARLIER),
        Arguments.of(
            "same failed node, new error",
            previous("True", "Failed", "Node w1 Degraded: a"),
            Stage.INSTALLING,
            List.of(failed("w1", FAILED_TO_INSTALL, "b")),
            null,
            NOW_TEXT),
        Arguments.of(
            "same failure",
            previous("True", "Failed", "Node w1 Degraded: a"),
            Stage.INSTALLING,
            List.of(failed("w1", FAILED_TO_INSTALL, "a")),
            null,
            EARLIER),
        Arguments.of(
            "invalid, other detail",
            previous("False", "InvalidConfiguration", "x"),
            Stage.INVALID,
            null,
            "y",
            NOW_TEXT),
        Arguments.of(
            "invalid, same detail",
            previous("False", "InvalidConfiguration", "x"),
            Stage.INVALID,
            null,
            "x",
            EARLIER),
        Arguments.of(
            "same reason and message, other status",
            previous("True", "InvalidConfiguration", "x"),
            Stage.INVALID,
            null,
            "x",
            NOW_TEXT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transitions")
  void lastTransitionTimeMovesOnlyWithTheMeaning(
      String name,
      KataConfigCondition before,
      Stage stage,
      List<NodeProgress> nodes,
      String detail,
      String expected) {
    KataConfigStatus next =
        StatusAggregator.next(
            kc(false, before), new Situation(stage, nodes, List.of(), detail), NOW);
    assertThat(condition(next).getLastTransitionTime()).isEqualTo(expected);
  }

  private static KataNodesStatus nodes(
      int count,
      int ready,
      List<String> installed,
      List<String> installing,
      List<String> waitingToInstall,
      List<String> failedToInstall,
      List<String> uninstalling,
      List<String> waitingToUninstall,
      List<String> failedToUninstall) {
    KataNodesStatus k = new KataNodesStatus();
    k.setNodeCount(count);
    k.setReadyNodeCount(ready);
    k.setInstalled(installed);
    k.setInstalling(installing);
    k.setWaitingToInstall(waitingToInstall);
    k.setFailedToInstall(failedToInstall);
    k.setUninstalling(uninstalling);
    k.setWaitingToUninstall(waitingToUninstall);
    k.setFailedToUninstall(failedToUninstall);
    return k;
  }

  static Stream<Arguments> kataNodes() {
    List<String> none = List.of();
    return Stream.of(
        Arguments.of(
            "one node per phase",
            List.of(
                n("a", INSTALLED),
                n("b", INSTALLING),
                n("c", WAITING_TO_INSTALL),
                failed("d", FAILED_TO_INSTALL, "x"),
                n("e", UNINSTALLING),
                n("f", WAITING_TO_UNINSTALL),
                failed("g", FAILED_TO_UNINSTALL, "y"),
                n("h", NOT_KATA)),
            nodes(
                4,
                1,
                List.of("a"),
                List.of("b"),
                List.of("c"),
                List.of("d"),
                List.of("e"),
                List.of("f"),
                List.of("g"))),
        Arguments.of(
            "lists sorted by name",
            List.of(
                n("w3", INSTALLED),
                n("w1", INSTALLED),
                n("w2", INSTALLED),
                n("w9", WAITING_TO_INSTALL),
                n("w4", WAITING_TO_INSTALL)),
            nodes(
                5,
                3,
                List.of("w1", "w2", "w3"),
                none,
                List.of("w4", "w9"),
                none,
                none,
                none,
                none)),
        Arguments.of(
            "leaving nodes are not counted",
            List.of(n("w1", INSTALLED), n("w2", WAITING_TO_UNINSTALL), n("w3", UNINSTALLING)),
            nodes(1, 1, List.of("w1"), none, none, none, List.of("w3"), List.of("w2"), none)),
        Arguments.of(
            "nothing installed yet",
            List.of(n("w1", INSTALLING), n("w2", WAITING_TO_INSTALL)),
            nodes(2, 0, none, List.of("w1"), List.of("w2"), none, none, none, none)),
        Arguments.of("no nodes", List.of(), nodes(0, 0, none, none, none, none, none, none, none)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kataNodes")
  void kataNodesListsAndCounts(String name, List<NodeProgress> progress, KataNodesStatus expected) {
    KataConfigStatus next =
        StatusAggregator.next(
            kc(false, null), new Situation(Stage.INSTALLING, progress, List.of(), null), NOW);
    assertThat(next.getKataNodes()).usingRecursiveComparison().isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} keeps the reported nodes")
  @CsvSource({"INVALID", "DUPLICATE", "BLOCKED_BY_PODS", "NO_ELIGIBLE_NODES"})
  void passWithoutNodesKeepsPreviousKataNodes(Stage stage) {
    KataConfig kc = kcWithReportedNodes();
    KataConfigStatus next =
        StatusAggregator.next(kc, Situation.withoutNodes(stage, List.of("kata"), "detail"), NOW);
    assertThat(next.getKataNodes())
        .usingRecursiveComparison()
        .isEqualTo(
            nodes(2, 1, List.of("w1"), none(), List.of("w2"), none(), none(), none(), none()));
  }

  @Test
  void startingReportsNoNodesEvenIfSomeWereReported() {
    KataConfigStatus next =
        StatusAggregator.next(
            kcWithReportedNodes(), Situation.withoutNodes(Stage.STARTING, List.of(), null), NOW);
    assertThat(next.getKataNodes())
        .usingRecursiveComparison()
        .isEqualTo(nodes(0, 0, none(), none(), none(), none(), none(), none(), none()));
  }

  @Test
  void carriesRuntimeClassesAndObservedGeneration() {
    KataConfigStatus next =
        StatusAggregator.next(
            kcWithReportedNodes(),
            new Situation(
                Stage.INSTALLING,
                List.of(n("w1", INSTALLED)),
                List.of("kata", "kata-remote"),
                null),
            NOW);
    assertThat(next.getRuntimeClasses()).containsExactly("kata", "kata-remote");
    assertThat(next.getObservedGeneration()).isEqualTo(7L);
  }

  private static List<String> none() {
    return List.of();
  }

  private static KataConfig kcWithReportedNodes() {
    KataConfig kc = kc(false, previous("True", "Installing", INSTALLING_KATA));
    kc.getStatus()
        .setKataNodes(
            StatusAggregator.kataNodes(List.of(n("w1", INSTALLED), n("w2", WAITING_TO_INSTALL))));
    kc.getStatus().setObservedGeneration(3L);
    return kc;
  }
}
