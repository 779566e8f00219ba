package dev.osc.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.operator.model.Turns.Turn;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TurnsTest {

  /**
   * Each node as {@code name:PHASE:created-day}; PHASE "-" means no progress entry for the node,
   * day "-" means the node object is absent.
   */
  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
      nothing to do               | a:INSTALLED:1 b:NOT_KATA:1                                   | none
      one waiting                 | a:INSTALLED:1 b:WAITING_TO_INSTALL:1                         | install b
      installing blocks           | a:INSTALLING:1 b:WAITING_TO_INSTALL:1                        | none
      uninstalling blocks         | a:UNINSTALLING:1 b:WAITING_TO_UNINSTALL:1                    | none
      failed install blocks       | a:FAILED_TO_INSTALL:1 b:WAITING_TO_INSTALL:1                 | none
      failed uninstall blocks     | a:FAILED_TO_UNINSTALL:1 b:WAITING_TO_INSTALL:1               | none
      removal before addition     | a:WAITING_TO_INSTALL:9 b:WAITING_TO_UNINSTALL:1              | uninstall b
      newest first                | a:WAITING_TO_INSTALL:1 b:WAITING_TO_INSTALL:3 c:WAITING_TO_INSTALL:2 | install b
      newest first among removals | a:WAITING_TO_UNINSTALL:2 z:WAITING_TO_UNINSTALL:1            | uninstall a
      same age: name descending   | worker-0:WAITING_TO_INSTALL:1 worker-1:WAITING_TO_INSTALL:1  | install worker-1
      age beats name              | worker-0:WAITING_TO_INSTALL:2 worker-1:WAITING_TO_INSTALL:1  | install worker-0
      node object gone            | a:WAITING_TO_INSTALL:-                                       | none
      node without progress       | a:-:5 b:WAITING_TO_INSTALL:1                                 | install b
      """)
  void nextTurn(String description, String table, String expected) {
    List<NodeProgress> progress = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    for (String cell : table.split(" +", -1)) {
      String[] p = cell.split(":", -1);
      if (!p[1].equals("-")) {
        progress.add(NodeProgress.of(p[0], NodePhase.valueOf(p[1])));
      }
      if (!p[2].equals("-")) {
        nodes.add(
            new NodeBuilder()
                .withNewMetadata()
                .withName(p[0])
                .withCreationTimestamp("2024-01-0" + p[2] + "T00:00:00Z")
                .endMetadata()
                .build());
      }
    }
    Optional<Turn> turn = Turns.next(progress, nodes);
    if (expected == null) {
      assertThat(turn).isEmpty();
    } else {
      String[] e = expected.split(" ", -1);
      assertThat(turn).contains(new Turn(e[1], e[0].equals("install")));
    }
  }
}
