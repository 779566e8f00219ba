package dev.osc.caa.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The limit a node advertises as kata.peerpods.io/vm capacity. */
class NodeVmLimitTest {
  @ParameterizedTest(name = "capacity {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          # capacity | limit (none: the node advertises none, the fallback applies)
          10         | 10
          0          | 0
          3k         | 3000
          none       | none
          1500m      | none
          -1         | none
          99999999999 | 2147483647
          """)
  void theCapacityIsTheLimit(String capacity, Integer expected) {
    NodeBuilder node = new NodeBuilder().withNewMetadata().withName("worker-0").endMetadata();
    if (capacity != null) {
      node.withNewStatus()
          .addToCapacity("kata.peerpods.io/vm", new Quantity(capacity))
          .addToCapacity("cpu", new Quantity("4"))
          .endStatus();
    }
    Node n = node.build();
    assertThat(NodeVmLimit.advertisedBy(n))
        .isEqualTo(expected == null ? OptionalInt.empty() : OptionalInt.of(expected));
  }
}
