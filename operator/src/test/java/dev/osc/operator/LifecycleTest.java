package dev.osc.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Conditions;
import dev.osc.api.Names;
import dev.osc.api.openshift.ContainerRuntimeConfig;
import dev.osc.api.openshift.MachineConfig;
import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1.KataConfigCondition;
import dev.osc.operator.monitoring.KataMonitorModel;
import dev.osc.testkit.Await;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lifecycle beyond the happy path, for both install strategies. */
class LifecycleTest {
  static final String NAME = "example-kataconfig";
  static final String PLAIN =
      """
      apiVersion: kataconfiguration.openshift.io/v1
      kind: KataConfig
      metadata:
        name: example-kataconfig
      spec:
        logLevel: info
      """;

  private static KataConfigCondition condition(Harness h) {
    KataConfig kc = h.get(NAME);
    return kc == null || kc.getStatus() == null
        ? null
        : kc.getStatus().condition(Conditions.TYPE_IN_PROGRESS);
  }

  private static void awaitCondition(Harness h, String reason, String message) {
    Await.until(
        Harness.TIMEOUT,
        "condition " + reason + " / " + message,
        () -> {
          KataConfigCondition c = condition(h);
          return c != null && reason.equals(c.getReason()) && message.equals(c.getMessage());
        },
        () -> condition(h));
  }

  @ParameterizedTest(name = "openShift={0}")
  @ValueSource(booleans = {true, false})
  void failedNodeIsReportedAndBlocksTheNextNodeUntilHealed(boolean openShift) {
    try (Harness h = new Harness(openShift, 2, Duration.ofMillis(200))) {
      h.cluster.failNode("worker-1", "failed to apply extension: sandboxed-containers");
      h.create(PLAIN);
      awaitCondition(
          h,
          Conditions.REASON_FAILED,
          "Node worker-1 Degraded: "
              + (openShift ? "" : "CrashLoopBackOff: ")
              + "failed to apply extension: sandboxed-containers");
      KataConfigCondition c = condition(h);
      assertThat(c.getStatus()).isEqualTo("True");
      var nodes = h.get(NAME).getStatus().getKataNodes();
      assertThat(nodes.getFailedToInstall()).containsExactly("worker-1");
      assertThat(nodes.getWaitingToInstall()).containsExactly("worker-0");
      assertThat(nodes.getNodeCount()).isEqualTo(2);
      assertThat(h.client().resources(RuntimeClass.class).list().getItems()).isEmpty();

      h.cluster.heal("worker-1");
      h.awaitInstalled(NAME, 2);
      assertThat(h.client().resources(RuntimeClass.class).withName("kata").get()).isNotNull();
    }
  }

  @ParameterizedTest(name = "openShift={0}")
  @ValueSource(booleans = {true, false})
  void deletionWaitsForKataPodsThenRemovesEverything(boolean openShift) {
    try (Harness h = new Harness(openShift, 2, Duration.ofMillis(100))) {
      h.create(PLAIN);
      h.awaitInstalled(NAME, 2);
      // kata-monitor runs on the kata nodes once they are settled, with its Service.
      assertThat(monitorObjects(h)).containsExactly(true, true);
      Pod pod =
          h.client()
              .resource(
                  new PodBuilder()
                      .withNewMetadata()
                      .withName("untrusted")
                      .withNamespace("default")
                      .endMetadata()
                      .withNewSpec()
                      .withRuntimeClassName("kata")
                      .addNewContainer()
                      .withName("app")
                      .withImage("busybox")
                      .endContainer()
                      .endSpec()
                      .build())
              .create();

      h.client().resources(KataConfig.class).withName(NAME).delete();
      awaitCondition(
          h,
          Conditions.REASON_BLOCKED,
          "Existing pods using \"kata\" RuntimeClass"
              + " found. Please delete the pods manually for KataConfig deletion to proceed.");
      assertThat(condition(h).getStatus()).isEqualTo("False");
      // Nothing was touched while blocked.
      assertThat(h.get(NAME).getStatus().getKataNodes().getInstalled())
          .containsExactly("worker-0", "worker-1");
      assertThat(h.client().resources(RuntimeClass.class).withName("kata").get()).isNotNull();

      h.client().resource(pod).delete();
      h.awaitGone(NAME);
      DocumentedSequenceTest.assertNothingLeft(h);
      assertThat(monitorObjects(h)).containsExactly(false, false);
    }
  }

  @ParameterizedTest(name = "openShift={0}")
  @ValueSource(booleans = {true, false})
  void operatorKilledMidInstallAndMidUninstallConvergesWithoutExtraDisruption(boolean openShift) {
    try (Harness h = new Harness(openShift, 3, Duration.ofMillis(400))) {
      h.create(PLAIN);
      Await.until(
          Harness.TIMEOUT,
          "first node installed",
          () -> {
            KataConfig kc = h.get(NAME);
            return kc.getStatus() != null && kc.getStatus().getKataNodes().getReadyNodeCount() == 1;
          });
      h.stopOperator();
      sleep(600); // the cluster goes on without the operator
      h.startOperator();
      h.awaitInstalled(NAME, 3);

      h.client().resources(KataConfig.class).withName(NAME).delete();
      Await.until(
          Harness.TIMEOUT,
          "first node uninstalling",
          () -> {
            KataConfig kc = h.get(NAME);
            return kc != null && !kc.getStatus().getKataNodes().getUninstalling().isEmpty();
          });
      h.restartOperator();
      h.awaitGone(NAME);
      DocumentedSequenceTest.assertNothingLeft(h);
      for (String node : List.of("worker-0", "worker-1", "worker-2")) {
        assertThat(h.cluster.disruptions(node)).as(node).isEqualTo(openShift ? 2 : 1);
      }
    }
  }

  @ParameterizedTest(name = "openShift={0}")
  @ValueSource(booleans = {true, false})
  void nodesAddedRemovedAndDeselectedFollowTheSelector(boolean openShift) {
    try (Harness h = new Harness(openShift, 2, Duration.ofMillis(100))) {
      h.create(
          """
          apiVersion: kataconfiguration.openshift.io/v1
          kind: KataConfig
          metadata:
            name: example-kataconfig
          spec:
            kataConfigPoolSelector:
              matchLabels:
                kata-remote: 'true'
          """);
      for (String n : List.of("worker-0", "worker-1")) {
        h.client()
            .nodes()
            .withName(n)
            .unlock()
            .edit(
                node -> {
                  node.getMetadata().getLabels().put("kata-remote", "true");
                  return node;
                });
      }
      h.awaitInstalled(NAME, 2);

      int before = h.documents().size();
      h.cluster.addWorker("worker-2", Map.of("kata-remote", "true"));
      // Every status document is recorded: the Updating one may last less than a poll.
      Await.until(
          Harness.TIMEOUT,
          "an Updating status",
          () ->
              h.documents().subList(before, h.documents().size()).stream()
                  .anyMatch(
                      d ->
                          String.valueOf(d.get("conditions"))
                              .contains(
                                  "reason="
                                      + Conditions.REASON_UPDATING
                                      + ", message="
                                      + Conditions.UPDATING)),
          () -> h.documents().subList(before, h.documents().size()));
      h.awaitInstalled(NAME, 3);

      // Deselect worker-0: it is uninstalled, the others keep kata.
      h.client()
          .nodes()
          .withName("worker-0")
          .unlock()
          .edit(
              node -> {
                node.getMetadata().getLabels().remove("kata-remote");
                return node;
              });
      h.awaitInstalled(NAME, 2);
      assertThat(h.get(NAME).getStatus().getKataNodes().getInstalled())
          .containsExactly("worker-1", "worker-2");
      Await.until(
          Harness.TIMEOUT,
          "worker-0 clean",
          () -> {
            var labels = h.client().nodes().withName("worker-0").get().getMetadata().getLabels();
            return !labels.containsKey(Names.LABEL_ROLE_KATA_OC)
                && !labels.containsKey(Names.LABEL_KATA_RUNTIME);
          });

      // A node that leaves the cluster leaves the status.
      h.client().nodes().withName("worker-2").delete();
      h.awaitInstalled(NAME, 1);
      assertThat(h.get(NAME).getStatus().getKataNodes().getInstalled()).containsExactly("worker-1");
    }
  }

  @ParameterizedTest(name = "openShift={0}")
  @ValueSource(booleans = {true, false})
  void invalidSpecIsReportedAndNothingIsApplied(boolean openShift) {
    try (Harness h = new Harness(openShift, 2, Duration.ofMillis(100))) {
      h.create(
          """
          apiVersion: kataconfiguration.openshift.io/v1
          kind: KataConfig
          metadata:
            name: example-kataconfig
          spec:
            logLevel: loud
            kataConfigPoolSelector:
              matchExpressions:
              - key: kata
                operator: Equals
          """);
      Await.until(
          Harness.TIMEOUT,
          "invalid configuration reported",
          () -> condition(h) != null && Conditions.REASON_INVALID.equals(condition(h).getReason()));
      assertThat(condition(h).getMessage())
          .contains("spec.logLevel: Unsupported value: \"loud\"")
          .contains(
              "spec.kataConfigPoolSelector.matchExpressions[0].operator: Unsupported"
                  + " value: \"Equals\"");
      assertThat(h.client().v1().events().inNamespace("default").list().getItems())
          .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(Conditions.REASON_INVALID));
      h.awaitPassEnded(NAME); // the pass that reported it applied nothing, and ended there
      assertThat(h.client().nodes().list().getItems())
          .allSatisfy(
              n ->
                  assertThat(n.getMetadata().getLabels())
                      .doesNotContainKey(Names.LABEL_ROLE_KATA_OC));
      assertThat(
              h.client().resources(MachineConfig.class).withName(Names.MC_ENABLE_EXTENSION).get())
          .isNull();
      assertThat(h.client().apps().daemonSets().inAnyNamespace().list().getItems()).isEmpty();

      h.client()
          .resources(KataConfig.class)
          .withName(NAME)
          .edit(
              kc -> {
                kc.getSpec().setLogLevel("debug");
                kc.getSpec().setKataConfigPoolSelector(null);
                return kc;
              });
      h.awaitInstalled(NAME, 2);
      if (openShift) {
        assertThat(
                h.client()
                    .resources(ContainerRuntimeConfig.class)
                    .withName(Names.CONTAINER_RUNTIME_CONFIG)
                    .get()
                    .logLevel())
            .isEqualTo("debug");
      } else {
        DaemonSet ds =
            h.client()
                .apps()
                .daemonSets()
                .inNamespace(Names.OPERATOR_NAMESPACE)
                .withName(Names.KATA_DEPLOY_DAEMONSET)
                .get();
        assertThat(ds.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
            .anySatisfy(
                e -> {
                  assertThat(e.getName()).isEqualTo("DEBUG");
                  assertThat(e.getValue()).isEqualTo("true");
                });
      }
    }
  }

  @ParameterizedTest(name = "openShift={0}")
  @ValueSource(booleans = {true, false})
  void aSecondKataConfigIsMarkedAndIgnored(boolean openShift) {
    try (Harness h = new Harness(openShift, 1, Duration.ofMillis(100))) {
      h.create(PLAIN);
      h.awaitInstalled(NAME, 1);
      h.client()
          .resource(
              h.client()
                  .getKubernetesSerialization()
                  .unmarshal(PLAIN.replace(NAME, "second"), KataConfig.class))
          .create();
      Await.until(
          Harness.TIMEOUT,
          "second marked as duplicate",
          () -> {
            KataConfig kc = h.client().resources(KataConfig.class).withName("second").get();
            return kc.getStatus() != null
                && Conditions.REASON_DUPLICATE.equals(
                    kc.getStatus().condition(Conditions.TYPE_IN_PROGRESS).getReason());
          });
      assertThat(
              h.client()
                  .resources(KataConfig.class)
                  .withName("second")
                  .get()
                  .getStatus()
                  .condition(Conditions.TYPE_IN_PROGRESS)
                  .getMessage())
          .isEqualTo(Conditions.duplicate(NAME));
      h.client().resources(KataConfig.class).withName("second").delete();
      Await.until(
          Harness.TIMEOUT,
          "second deleted",
          () -> h.client().resources(KataConfig.class).withName("second").get() == null);
      // The first one is untouched.
      assertThat(h.get(NAME).getStatus().getKataNodes().getInstalled()).containsExactly("worker-0");
      assertThat(h.client().resources(RuntimeClass.class).withName("kata").get()).isNotNull();
    }
  }

  @ParameterizedTest(name = "openShift={0}")
  @ValueSource(booleans = {true, false})
  void checkNodeEligibilityWithoutEligibleNodesSaysSo(boolean openShift) {
    try (Harness h = new Harness(openShift, 1, Duration.ofMillis(100))) {
      h.create(PLAIN.replace("logLevel: info", "checkNodeEligibility: true"));
      awaitCondition(h, Conditions.REASON_NO_ELIGIBLE_NODES, Conditions.NO_ELIGIBLE_NODES);
      h.client()
          .nodes()
          .withName("worker-0")
          .unlock()
          .edit(
              node -> {
                node.getMetadata().getLabels().put(Names.LABEL_NFD_KATA_RUNTIME, "true");
                return node;
              });
      h.awaitInstalled(NAME, 1);
    }
  }

  /** Whether kata-monitor's DaemonSet and Service exist. */
  private static List<Boolean> monitorObjects(Harness h) {
    String ns = Names.OPERATOR_NAMESPACE;
    String name = KataMonitorModel.NAME;
    return List.of(
        h.client().apps().daemonSets().inNamespace(ns).withName(name).get() != null,
        h.client().services().inNamespace(ns).withName(name).get() != null);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
