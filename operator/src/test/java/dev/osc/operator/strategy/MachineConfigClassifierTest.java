package dev.osc.operator.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import dev.osc.api.openshift.MachineConfigPool;
import dev.osc.operator.model.NodePhase;
import dev.osc.operator.model.NodeProgress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MachineConfigClassifierTest {

  private static MachineConfigPool pool(String target) {
    MachineConfigPool pool = new MachineConfigPool();
    pool.setSpec(new MachineConfigPool.Spec());
    if (target != null) {
      pool.getSpec().configuration = new MachineConfigPool.Configuration(target);
    }
    return pool;
  }

  private static Node node(
      boolean kata, String state, String current, String desired, String reason) {
    Map<String, String> labels = new HashMap<>(Map.of(Names.LABEL_ROLE_WORKER, ""));
    if (kata) {
      labels.put(Names.LABEL_ROLE_KATA_OC, "");
    }
    Map<String, String> ann = new HashMap<>();
    putIfSet(ann, Names.ANNOTATION_MCO_STATE, state);
    putIfSet(ann, Names.ANNOTATION_MCO_CURRENT_CONFIG, current);
    putIfSet(ann, Names.ANNOTATION_MCO_DESIRED_CONFIG, desired);
    putIfSet(ann, Names.ANNOTATION_MCO_REASON, reason);
    return new NodeBuilder()
        .withNewMetadata()
        .withName("worker-0")
        .withLabels(labels)
        .withAnnotations(ann.isEmpty() ? null : ann)
        .endMetadata()
        .build();
  }

  private static void putIfSet(Map<String, String> m, String key, String value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
      # case                                  | kata  | state    | current             | desired             | kata pool target    | worker pool target | reason  | phase                | error
      plain worker                            | false | Done     | rendered-worker-1   | rendered-worker-1   | rendered-kata-oc-2  | rendered-worker-1  | -       | NOT_KATA             | -
      plain worker, no MCO yet                | false | -        | -                   | -                   | rendered-kata-oc-2  | rendered-worker-1  | -       | NOT_KATA             | -
      plain worker updating                   | false | Working  | rendered-worker-1   | rendered-worker-2   | rendered-kata-oc-2  | rendered-worker-2  | -       | NOT_KATA             | -
      plain worker degraded                   | false | Degraded | rendered-worker-1   | rendered-worker-2   | rendered-kata-oc-2  | rendered-worker-2  | bad     | NOT_KATA             | -
      kata, no MCO annotations                | true  | -        | -                   | -                   | rendered-kata-oc-2  | rendered-worker-1  | -       | WAITING_TO_INSTALL   | -
      kata, state missing                     | true  | -        | rendered-worker-1   | -                   | rendered-kata-oc-2  | rendered-worker-1  | -       | WAITING_TO_INSTALL   | -
      kata, current missing                   | true  | Done     | -                   | -                   | rendered-kata-oc-2  | rendered-worker-1  | -       | WAITING_TO_INSTALL   | -
      kata, queued                            | true  | Done     | rendered-worker-1   | rendered-worker-1   | rendered-kata-oc-2  | rendered-worker-1  | -       | WAITING_TO_INSTALL   | -
      kata, desiredConfig is not the target   | true  | Done     | rendered-kata-oc-1  | rendered-kata-oc-1  | rendered-kata-oc-2  | rendered-worker-1  | -       | WAITING_TO_INSTALL   | -
      kata, pool not rendered yet             | true  | Done     | rendered-worker-1   | -                   | -                   | rendered-worker-1  | -       | WAITING_TO_INSTALL   | -
      kata, updating                          | true  | Working  | rendered-worker-1   | rendered-kata-oc-2  | rendered-kata-oc-2  | rendered-worker-1  | -       | INSTALLING           | -
      kata, installed                         | true  | Done     | rendered-kata-oc-2  | rendered-kata-oc-2  | rendered-kata-oc-2  | rendered-worker-1  | -       | INSTALLED            | -
      kata, degraded                          | true  | Degraded | rendered-worker-1   | rendered-kata-oc-2  | rendered-kata-oc-2  | rendered-worker-1  | no disk | FAILED_TO_INSTALL    | no disk
      kata, degraded without reason           | true  | Degraded | rendered-worker-1   | rendered-kata-oc-2  | rendered-kata-oc-2  | rendered-worker-1  | -       | FAILED_TO_INSTALL    | ''
      kata, unreconcilable                    | true  | Unreconcilable | rendered-worker-1 | rendered-kata-oc-2 | rendered-kata-oc-2 | rendered-worker-1 | bad ign | FAILED_TO_INSTALL | bad ign
      left kata-oc, queued                    | false | Done     | rendered-kata-oc-2  | rendered-kata-oc-2  | rendered-kata-oc-2  | rendered-worker-1  | -       | WAITING_TO_UNINSTALL | -
      left kata-oc, worker pool not rendered  | false | Done     | rendered-kata-oc-2  | rendered-kata-oc-2  | rendered-kata-oc-2  | -                  | -       | WAITING_TO_UNINSTALL | -
      left kata-oc, updating                  | false | Working  | rendered-kata-oc-2  | rendered-worker-1   | rendered-kata-oc-2  | rendered-worker-1  | -       | UNINSTALLING         | -
      left kata-oc, degraded                  | false | Degraded | rendered-kata-oc-2  | rendered-worker-1   | rendered-kata-oc-2  | rendered-worker-1  | drain   | FAILED_TO_UNINSTALL  | drain
      left kata-oc, state missing             | false | -        | rendered-kata-oc-2  | -                   | rendered-kata-oc-2  | rendered-worker-1  | -       | NOT_KATA             | -
      left kata-oc, judged by worker target   | false | Done     | rendered-kata-oc-2  | rendered-kata-oc-2  | rendered-kata-oc-9  | rendered-kata-oc-2 | -       | NOT_KATA             | -
      """)
  void classify(
      String description,
      boolean kata,
      String state,
      String current,
      String desired,
      String kataTarget,
      String workerTarget,
      String reason,
      NodePhase phase,
      String error) {
    NodeProgress p =
        MachineConfigClassifier.classify(
            node(kata, state, current, desired, reason), pool(kataTarget), pool(workerTarget));
    assertThat(p).isEqualTo(new NodeProgress("worker-0", phase, error));
  }

  @ParameterizedTest(name = "kata={0}")
  @CsvSource({"true, WAITING_TO_INSTALL", "false, WAITING_TO_UNINSTALL"})
  void missingPoolMeansNotThereYet(boolean kata, NodePhase phase) {
    Node node = node(kata, "Done", "rendered-kata-oc-2", null, null);
    assertThat(MachineConfigClassifier.classify(node, null, null).phase()).isEqualTo(phase);
  }
}
