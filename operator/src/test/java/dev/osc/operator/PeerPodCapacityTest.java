package dev.osc.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import dev.osc.api.PeerPods;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1alpha1.PeerPodConfig;
import dev.osc.operator.peerpods.NodeCapacity;
import dev.osc.testkit.Await;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Docs 3.3.1: the per-node peer pod VM limit, as node capacity kata.peerpods.io/vm. */
class PeerPodCapacityTest {
  private static Optional<String> capacity(Harness h, String node) {
    return NodeCapacity.advertised(h.client().nodes().withName(node).get());
  }

  private static void awaitCapacity(Harness h, String node, String value) {
    Await.until(
        Harness.TIMEOUT,
        node + " advertises " + value,
        () -> capacity(h, node).equals(Optional.ofNullable(value)),
        () -> capacity(h, node));
  }

  private static PeerPodConfig ppc(Harness h) {
    return h.client()
        .resources(PeerPodConfig.class)
        .inNamespace(Names.OPERATOR_NAMESPACE)
        .withName(PeerPods.PEERPODCONFIG_NAME)
        .get();
  }

  @ParameterizedTest(name = "openShift={0}")
  @ValueSource(booleans = {true, false})
  void theDocumentedPatchChangesEveryKataNodesCapacity(boolean openShift) {
    try (Harness h = new Harness(openShift, 2, Duration.ofMillis(100))) {
      h.client()
          .configMaps()
          .inNamespace(Names.OPERATOR_NAMESPACE)
          .withName(PeerPodsKeys.CONFIG_MAP)
          .edit(
              cm -> {
                cm.getData().put(PeerPodsKeys.PEERPODS_LIMIT_PER_NODE.name(), "7");
                return cm;
              });
      h.create(DocumentedSequenceTest.EXAMPLE);
      h.awaitInstalled("example-kataconfig", 2);
      awaitCapacity(h, "worker-0", "7");
      awaitCapacity(h, "worker-1", "7");
      assertThat(capacity(h, "master-0")).isEmpty();
      assertThat(ppc(h).getSpec().getLimit()).isEqualTo("7");

      // oc patch peerpodconfig peerpodconfig-openshift ... --type merge --patch
      // '{"spec":{"limit":"<value>"}}'
      h.client()
          .resources(PeerPodConfig.class)
          .inNamespace(Names.OPERATOR_NAMESPACE)
          .withName(PeerPods.PEERPODCONFIG_NAME)
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"limit\":\"3\"}}");
      awaitCapacity(h, "worker-0", "3");
      awaitCapacity(h, "worker-1", "3");

      // A node that joins the kata nodes gets it too.
      h.cluster.addWorker("worker-2", Map.of());
      h.awaitInstalled("example-kataconfig", 3);
      awaitCapacity(h, "worker-2", "3");

      // An invalid limit is reported, not applied.
      h.client()
          .resources(PeerPodConfig.class)
          .inNamespace(Names.OPERATOR_NAMESPACE)
          .withName(PeerPods.PEERPODCONFIG_NAME)
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"limit\":\"lots\"}}");
      Await.until(
          Harness.TIMEOUT,
          "invalid limit reported",
          () -> ppc(h).getStatus() != null && !ppc(h).getStatus().isSetupCompleted());
      assertThat(ppc(h).getStatus().getMessage())
          .isEqualTo("spec.limit: \"lots\": not a whole number");
      Await.until(
          Harness.TIMEOUT,
          "InvalidLimit event",
          () ->
              h
                  .client()
                  .v1()
                  .events()
                  .inNamespace(Names.OPERATOR_NAMESPACE)
                  .list()
                  .getItems()
                  .stream()
                  .anyMatch(e -> e.getReason().equals("InvalidLimit")));
      for (String node : List.of("worker-0", "worker-1", "worker-2")) {
        assertThat(capacity(h, node)).as(node).contains("3");
      }

      // Uninstalling takes the capacity back.
      h.client().resources(KataConfig.class).withName("example-kataconfig").delete();
      h.awaitGone("example-kataconfig");
      for (String node : List.of("worker-0", "worker-1", "worker-2")) {
        awaitCapacity(h, node, null);
      }
      assertThat(ppc(h)).isNull();
    }
  }
}
