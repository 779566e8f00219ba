package dev.osc.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import dev.osc.api.openshift.MachineConfig;
import dev.osc.api.openshift.MachineConfigPool;
import dev.osc.testkit.Await;
import dev.osc.testkit.Table81;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The status documents of table 8.1 ("KataConfig status messages", two workers), for both install
 * strategies: the documented documents appear in the documented order, and no document ever shows
 * more than one node unavailable.
 */
class DocumentedSequenceTest {
  /** The manifest of the IBM Z guide, 6.2.10 (peer pods: messages name kata-remote). */
  static final String EXAMPLE =
      """
      apiVersion: kataconfiguration.openshift.io/v1
      kind: KataConfig
      metadata:
        name: example-kataconfig
      spec:
        enablePeerPods: true
        logLevel: info
      """;

  @ParameterizedTest(name = "openShift={0}")
  @ValueSource(booleans = {true, false})
  void installAndUninstallFollowTable81(boolean openShift) {
    try (Harness h = new Harness(openShift, 2, Duration.ofMillis(300))) {
      h.create(EXAMPLE);
      h.awaitInstalled("example-kataconfig", 2);
      // The recorder watches too; let it see the last status before comparing.
      Await.until(
          Harness.TIMEOUT,
          "history caught up",
          () -> Table81.missing(h.documents(), Table81.INSTALL).isEmpty());
      List<Map<String, Object>> installDocs = h.documents();
      assertFollows(installDocs, Table81.INSTALL);
      assertOneNodeAtATime(installDocs);

      assertThat(h.client().resources(RuntimeClass.class).list().getItems())
          .extracting(rc -> rc.getMetadata().getName() + "/" + rc.getHandler())
          .containsExactlyInAnyOrder("kata/kata", "kata-remote/kata-remote");
      assertThat(h.get("example-kataconfig").getStatus().getRuntimeClasses())
          .containsExactly("kata", "kata-remote");

      if (openShift) {
        // Peer pods register the kata-remote CRI-O handler in the same rendering.
        assertThat(h.client().resources(MachineConfig.class).list().getItems())
            .extracting(mc -> mc.getMetadata().getName())
            .contains(
                Names.MC_ENABLE_EXTENSION, Names.MC_KATA_REMOTE_CRIO, Names.MC_KATA_REMOTE_CONFIG);
      } else {
        assertThat(
                h.client()
                    .apps()
                    .daemonSets()
                    .inNamespace(Names.OPERATOR_NAMESPACE)
                    .withName(Names.KATA_DEPLOY_DAEMONSET)
                    .get()
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getEnv())
            .anySatisfy(
                e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("SHIMS=qemu remote"));
      }
      int seen = installDocs.size();
      h.client().resources(dev.osc.api.v1.KataConfig.class).withName("example-kataconfig").delete();
      h.awaitGone("example-kataconfig");
      Await.until(
          Harness.TIMEOUT,
          "history caught up",
          () ->
              Table81.missing(h.documents().subList(seen, h.documents().size()), Table81.UNINSTALL)
                  .isEmpty());
      List<Map<String, Object>> uninstallDocs = h.documents().subList(seen, h.documents().size());
      assertFollows(uninstallDocs, Table81.UNINSTALL);
      assertOneNodeAtATime(uninstallDocs);

      assertNothingLeft(h);
      // Chapter 5.4: the CRD can go once the KataConfig is gone.
      var crds = h.client().apiextensions().v1().customResourceDefinitions();
      crds.withName(Names.KATACONFIG_CRD).delete();
      Await.until(
          Harness.TIMEOUT, "CRD deleted", () -> crds.withName(Names.KATACONFIG_CRD).get() == null);
      for (String node : List.of("worker-0", "worker-1")) {
        // One disruption to install, one to remove: nothing more.
        assertThat(h.cluster.disruptions(node)).as(node).isEqualTo(openShift ? 2 : 1);
      }
    }
  }

  static void assertNothingLeft(Harness h) {
    assertThat(leftovers(h)).as("left behind").isEmpty();
  }

  /** What the operator made that is still there: runtime classes, node labels, MCs, DaemonSets. */
  static List<String> leftovers(Harness h) {
    var client = h.client();
    List<String> left = new ArrayList<>();
    client
        .resources(RuntimeClass.class)
        .list()
        .getItems()
        .forEach(rc -> left.add("RuntimeClass " + rc.getMetadata().getName()));
    for (var n : client.nodes().list().getItems()) {
      for (String label :
          List.of(Names.LABEL_ROLE_KATA_OC, Names.LABEL_INSTALL_GATE, Names.LABEL_KATA_RUNTIME)) {
        Map<String, String> labels = n.getMetadata().getLabels();
        if (labels != null && labels.containsKey(label)) {
          left.add("label " + label + " on node " + n.getMetadata().getName());
        }
      }
    }
    if (h.cluster.openShift()) {
      client.resources(MachineConfig.class).list().getItems().stream()
          .map(mc -> mc.getMetadata().getName())
          .filter(
              List.of(
                      Names.MC_ENABLE_EXTENSION,
                      Names.MC_KATA_REMOTE_CRIO,
                      Names.MC_KATA_REMOTE_CONFIG)
                  ::contains)
          .forEach(mc -> left.add("MachineConfig " + mc));
      if (client.resources(MachineConfigPool.class).withName(Names.POOL_KATA_OC).get() != null) {
        left.add("MachineConfigPool " + Names.POOL_KATA_OC);
      }
    } else {
      client
          .apps()
          .daemonSets()
          .inNamespace(Names.OPERATOR_NAMESPACE)
          .list()
          .getItems()
          .forEach(ds -> left.add("DaemonSet " + ds.getMetadata().getName()));
    }
    return left;
  }

  static void assertFollows(List<Map<String, Object>> actual, List<String> expectedYaml) {
    assertThat(Table81.missing(actual, expectedYaml))
        .as("documented status documents not seen in order; seen:\n%s", Table81.show(actual))
        .isEmpty();
  }

  @SuppressWarnings("unchecked")
  static void assertOneNodeAtATime(List<Map<String, Object>> docs) {
    for (Map<String, Object> doc : docs) {
      Map<String, Object> nodes = (Map<String, Object>) doc.get("kataNodes");
      int busy = 0;
      for (String list : List.of("installing", "uninstalling")) {
        busy += ((List<String>) nodes.getOrDefault(list, List.of())).size();
      }
      assertThat(busy).as("nodes unavailable at once in %s", doc).isLessThanOrEqualTo(1);
    }
  }
}
