package dev.osc.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import dev.osc.api.openshift.MachineConfig;
import dev.osc.api.openshift.MachineConfigPool;
import dev.osc.testkit.Await;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
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
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  /** The manifest of the IBM Z guide, 6.2.10 (peer pods: messages name kata-remote). */
  static final String EXAMPLE = """
      apiVersion: kataconfiguration.openshift.io/v1
      kind: KataConfig
      metadata:
        name: example-kataconfig
      spec:
        enablePeerPods: true
        logLevel: info
      """;

  static final List<String> INSTALL = List.of("""
      conditions:
      - message: Performing initial installation of kata-remote on cluster
        reason: Installing
        status: 'True'
        type: InProgress
      kataNodes:
        nodeCount: 0
        readyNodeCount: 0
      """, """
      kataNodes:
        nodeCount: 2
        readyNodeCount: 0
        waitingToInstall:
        - worker-0
        - worker-1
      """, """
      kataNodes:
        installing:
        - worker-1
        nodeCount: 2
        readyNodeCount: 0
        waitingToInstall:
        - worker-0
      """, """
      kataNodes:
        installed:
        - worker-1
        installing:
        - worker-0
        nodeCount: 2
        readyNodeCount: 1
      """, """
      conditions:
      - message: ""
        reason: ""
        status: 'False'
        type: InProgress
      kataNodes:
        installed:
        - worker-0
        - worker-1
        nodeCount: 2
        readyNodeCount: 2
      """);

  static final List<String> UNINSTALL = List.of("""
      conditions:
      - message: Removing kata-remote from cluster
        reason: Uninstalling
        status: 'True'
        type: InProgress
      kataNodes:
        nodeCount: 0
        readyNodeCount: 0
        waitingToUninstall:
        - worker-0
        - worker-1
      """, """
      kataNodes:
        nodeCount: 0
        readyNodeCount: 0
        uninstalling:
        - worker-1
        waitingToUninstall:
        - worker-0
      """, """
      kataNodes:
        nodeCount: 0
        readyNodeCount: 0
        uninstalling:
        - worker-0
      """);

  @ParameterizedTest(name = "openShift={0}")
  @ValueSource(booleans = {true, false})
  void installAndUninstallFollowTable81(boolean openShift) {
    try (Harness h = new Harness(openShift, 2, Duration.ofMillis(300))) {
      h.create(EXAMPLE);
      h.awaitInstalled("example-kataconfig", 2);
      List<Map<String, Object>> installDocs = h.documents();
      assertFollows(installDocs, INSTALL);
      assertOneNodeAtATime(installDocs);

      assertThat(h.client().resources(RuntimeClass.class).list().getItems())
          .extracting(rc -> rc.getMetadata().getName() + "/" + rc.getHandler())
          .containsExactlyInAnyOrder("kata/kata", "kata-remote/kata-remote");
      assertThat(h.get("example-kataconfig").getStatus().getRuntimeClasses())
          .containsExactly("kata", "kata-remote");

      int seen = installDocs.size();
      h.client().resources(dev.osc.api.v1.KataConfig.class).withName("example-kataconfig")
          .delete();
      h.awaitGone("example-kataconfig");
      List<Map<String, Object>> uninstallDocs = h.documents().subList(seen, h.documents().size());
      assertFollows(uninstallDocs, UNINSTALL);
      assertOneNodeAtATime(uninstallDocs);

      assertNothingLeft(h);
      // Chapter 5.4: the CRD can go once the KataConfig is gone.
      var crds = h.client().apiextensions().v1().customResourceDefinitions();
      crds.withName(Names.KATACONFIG_CRD).delete();
      Await.until(Harness.TIMEOUT, "CRD deleted",
          () -> crds.withName(Names.KATACONFIG_CRD).get() == null);
      for (String node : List.of("worker-0", "worker-1")) {
        // One disruption to install, one to remove: nothing more.
        assertThat(h.cluster.disruptions(node)).as(node).isEqualTo(openShift ? 2 : 1);
      }
    }
  }

  static void assertNothingLeft(Harness h) {
    var client = h.client();
    assertThat(client.resources(RuntimeClass.class).list().getItems()).isEmpty();
    assertThat(client.nodes().list().getItems()).allSatisfy(n -> {
      assertThat(n.getMetadata().getLabels()).doesNotContainKeys(
          Names.LABEL_ROLE_KATA_OC, Names.LABEL_INSTALL_GATE, Names.LABEL_KATA_RUNTIME);
    });
    if (h.cluster.openShift()) {
      assertThat(client.resources(MachineConfig.class).withName(Names.MC_ENABLE_EXTENSION).get())
          .isNull();
      assertThat(client.resources(MachineConfigPool.class).withName(Names.POOL_KATA_OC).get())
          .isNull();
    } else {
      assertThat(client.apps().daemonSets().inNamespace(Names.OPERATOR_NAMESPACE).list()
          .getItems()).isEmpty();
    }
  }

  /**
   * Each expected document matches a later actual one, in order. An expected document that
   * names no condition leaves the condition unchecked, as the table does.
   */
  @SuppressWarnings("unchecked")
  static void assertFollows(List<Map<String, Object>> actual, List<String> expectedYaml) {
    int at = 0;
    List<String> missing = new ArrayList<>();
    for (String yaml : expectedYaml) {
      Map<String, Object> expected = YAML.unmarshal(yaml, Map.class);
      int found = -1;
      for (int i = at; i < actual.size(); i++) {
        if (matches(actual.get(i), expected)) {
          found = i;
          break;
        }
      }
      if (found < 0) {
        missing.add(yaml);
      } else {
        at = found + 1;
      }
    }
    assertThat(missing).as("documented status documents not seen in order; seen:\n%s",
        YAML.asYaml(actual)).isEmpty();
  }

  private static boolean matches(Map<String, Object> actual, Map<String, Object> expected) {
    for (var e : expected.entrySet()) {
      Object a = actual.get(e.getKey());
      if (!java.util.Objects.equals(e.getValue(), a)) {
        return false;
      }
    }
    return true;
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
