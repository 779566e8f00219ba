package dev.osc.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Conditions;
import dev.osc.api.Names;
import dev.osc.api.PeerPods;
import dev.osc.api.v1.KataConfigCondition;
import dev.osc.api.v1alpha1.PeerPodConfig;
import dev.osc.testkit.Await;
import dev.osc.testkit.MockApi;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An API server that refuses the operator's request shows in the status, with the server's message,
 * until the pass is retried and succeeds.
 */
class ApiFailureStatusTest {
  private static final String FORBIDDEN =
      "runtimeclasses.node.k8s.io is forbidden: User"
          + " \"system:serviceaccount:openshift-sandboxed-containers-operator:"
          + "sandboxed-containers-operator\" cannot create resource \"runtimeclasses\"";

  private static KataConfigCondition condition(Harness h) {
    var kc = h.get("example-kataconfig");
    return kc == null || kc.getStatus() == null
        ? null
        : kc.getStatus().condition(Conditions.TYPE_IN_PROGRESS);
  }

  @Test
  void aRefusedWriteIsReportedInTheKataConfigStatusAndRetried() {
    try (Harness h = new Harness(true, 1, Duration.ofMillis(50))) {
      MockApi api = (MockApi) h.cluster.api();
      api.refuse("POST", "/apis/node.k8s.io/v1/runtimeclasses", 403, "Forbidden", FORBIDDEN);
      h.create(LifecycleTest.PLAIN);

      Await.until(
          Harness.TIMEOUT,
          "the failure in the status",
          () -> condition(h) != null && Conditions.REASON_FAILED.equals(condition(h).getReason()),
          () -> condition(h));
      assertThat(condition(h).getStatus()).isEqualTo(Conditions.TRUE);
      assertThat(condition(h).getMessage())
          .isEqualTo(Conditions.reconcileFailed(FORBIDDEN + " (403)"));
      assertThat(h.client().v1().events().inNamespace("default").list().getItems())
          .anySatisfy(
              e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getReason()).isEqualTo(Conditions.REASON_FAILED);
              });

      api.refuseNothing();
      h.awaitInstalled("example-kataconfig", 1);
      assertThat(h.get("example-kataconfig").getStatus().getRuntimeClasses())
          .containsExactly("kata");
    }
  }

  @Test
  void aRefusedNodeCapacityIsReportedInThePeerPodConfigStatus() {
    try (Harness h = new Harness(false, 1, Duration.ofMillis(50))) {
      MockApi api = (MockApi) h.cluster.api();
      String forbidden =
          "nodes \"worker-0\" is forbidden: cannot patch resource" + " \"nodes/status\"";
      api.refuse("PATCH", "/api/v1/nodes/worker-0/status", 403, "Forbidden", forbidden);
      h.create(DocumentedSequenceTest.EXAMPLE);

      Await.until(
          Harness.TIMEOUT,
          "the failure in the PeerPodConfig status",
          () -> {
            PeerPodConfig ppc =
                h.client()
                    .resources(PeerPodConfig.class)
                    .inNamespace(Names.OPERATOR_NAMESPACE)
                    .withName(PeerPods.PEERPODCONFIG_NAME)
                    .get();
            return ppc != null && ppc.getStatus() != null && ppc.getStatus().getMessage() != null;
          });
      var status =
          h.client()
              .resources(PeerPodConfig.class)
              .inNamespace(Names.OPERATOR_NAMESPACE)
              .withName(PeerPods.PEERPODCONFIG_NAME)
              .get()
              .getStatus();
      assertThat(status.isSetupCompleted()).isFalse();
      assertThat(status.getMessage()).isEqualTo(Conditions.reconcileFailed(forbidden + " (403)"));

      api.refuseNothing();
      Await.until(
          Harness.TIMEOUT,
          "the limit applied after a retry",
          () ->
              h.client()
                  .resources(PeerPodConfig.class)
                  .inNamespace(Names.OPERATOR_NAMESPACE)
                  .withName(PeerPods.PEERPODCONFIG_NAME)
                  .get()
                  .getStatus()
                  .isSetupCompleted());
    }
  }
}
