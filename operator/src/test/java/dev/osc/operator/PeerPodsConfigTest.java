package dev.osc.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Conditions;
import dev.osc.api.Names;
import dev.osc.api.PeerPods;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1.KataConfigCondition;
import dev.osc.api.v1alpha1.PeerPodConfig;
import dev.osc.operator.peerpods.CaaDaemonSetModel;
import dev.osc.testkit.Await;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** peer-pods-cm / peer-pods-secret drive the peer-pods deployment, and only a valid one. */
class PeerPodsConfigTest {
  private static KataConfigCondition condition(Harness h) {
    return h.get("example-kataconfig").getStatus().condition(Conditions.TYPE_IN_PROGRESS);
  }

  private static DaemonSet caa(Harness h) {
    return h.client()
        .apps()
        .daemonSets()
        .inNamespace(Names.OPERATOR_NAMESPACE)
        .withName(CaaDaemonSetModel.NAME)
        .get();
  }

  private static String configHash(DaemonSet ds) {
    return ds.getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(CaaDaemonSetModel.CONFIG_HASH_ANNOTATION);
  }

  @Test
  void invalidConfigIsReportedAndNothingPeerPodsIsDeployedUntilFixed() {
    try (Harness h = new Harness(true, 1, Duration.ofMillis(100))) {
      h.client()
          .configMaps()
          .inNamespace(Names.OPERATOR_NAMESPACE)
          .withName(PeerPodsKeys.CONFIG_MAP)
          .edit(
              cm -> {
                cm.getData().put("PODVM_INSTANCE_TYPES", "t2.small, t3.large");
                cm.getData().put("ROOT_VOLUME_SIZE", "4");
                return cm;
              });
      h.create(DocumentedSequenceTest.EXAMPLE);
      Await.until(
          Harness.TIMEOUT,
          "invalid peer-pods config reported",
          () -> {
            KataConfig kc = h.get("example-kataconfig");
            return kc.getStatus() != null
                && Conditions.REASON_INVALID_PEER_PODS.equals(
                    kc.getStatus().condition(Conditions.TYPE_IN_PROGRESS).getReason());
          });
      assertThat(condition(h).getStatus()).isEqualTo("False");
      assertThat(condition(h).getMessage())
          .contains("peer-pods-cm: PODVM_INSTANCE_TYPES: \"t2.small, t3.large\"")
          .contains("peer-pods-cm: ROOT_VOLUME_SIZE: \"4\"")
          .doesNotContain("playground-example-not-a-real-key");
      assertThat(h.get("example-kataconfig").getStatus().getKataNodes().getInstalled())
          .containsExactly("worker-0");
      // The Event is recorded after the status it explains: it may come a moment later.
      Await.until(
          Harness.TIMEOUT,
          "an InvalidPeerPodsConfig Event",
          () ->
              h.client().v1().events().inNamespace("default").list().getItems().stream()
                  .anyMatch(e -> Conditions.REASON_INVALID_PEER_PODS.equals(e.getReason())));
      // Nothing half-deployed: no kata-remote, no PeerPodConfig, no adaptor.
      assertThat(
              h.client()
                  .resources(RuntimeClass.class)
                  .withName(Names.RUNTIME_CLASS_KATA_REMOTE)
                  .get())
          .isNull();
      assertThat(
              h.client()
                  .resources(PeerPodConfig.class)
                  .inNamespace(Names.OPERATOR_NAMESPACE)
                  .withName(PeerPods.PEERPODCONFIG_NAME)
                  .get())
          .isNull();
      assertThat(caa(h)).isNull();

      h.client()
          .configMaps()
          .inNamespace(Names.OPERATOR_NAMESPACE)
          .withName(PeerPodsKeys.CONFIG_MAP)
          .edit(
              cm -> {
                cm.getData().put("PODVM_INSTANCE_TYPES", "t2.small,t3.large");
                cm.getData().put("ROOT_VOLUME_SIZE", "6");
                return cm;
              });
      h.awaitInstalled("example-kataconfig", 1);
      assertThat(
              h.client()
                  .resources(RuntimeClass.class)
                  .withName(Names.RUNTIME_CLASS_KATA_REMOTE)
                  .get())
          .isNotNull();
      assertThat(caa(h)).isNotNull();
    }
  }

  @Test
  void adaptorRollsOnlyWhenTheConfigurationChanges() throws Exception {
    try (Harness h = new Harness(true, 1, Duration.ofMillis(100))) {
      h.create(DocumentedSequenceTest.EXAMPLE);
      h.awaitInstalled("example-kataconfig", 1);
      Await.until(Harness.TIMEOUT, "osc-caa-ds", () -> caa(h) != null);
      DaemonSet first = caa(h);
      assertThat(first.getSpec().getTemplate().getSpec().getNodeSelector())
          .containsEntry(Names.LABEL_ROLE_KATA_OC, "");

      // A full pass over everything by a new operator, then a steady one: nothing changed, so
      // nothing is written, and everything is read from the informer caches.
      assertThat(h.requests.writes()).isPositive();
      h.restartOperatorAndAwaitPass("example-kataconfig");
      assertThat(h.requests.writes()).as("writes of the first pass").isZero();
      var steady = h.steadyPass("example-kataconfig", PeerPods.PEERPODCONFIG_NAME);
      assertThat(h.requests.total()).as("requests of a steady pass: " + steady).isZero();
      assertThat(caa(h).getMetadata().getResourceVersion())
          .isEqualTo(first.getMetadata().getResourceVersion());

      h.client()
          .secrets()
          .inNamespace(Names.OPERATOR_NAMESPACE)
          .withName(PeerPodsKeys.SECRET)
          .edit(
              s -> {
                s.getStringData().put("AWS_SECRET_ACCESS_KEY", "rotated-example");
                return s;
              });
      Await.until(
          Harness.TIMEOUT,
          "adaptor rolled for the new secret",
          () -> !configHash(caa(h)).equals(configHash(first)));
    }
  }
}
