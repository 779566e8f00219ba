package dev.osc.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import dev.osc.api.v1.KataConfigSpec;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class NodeSelectionTest {

  private static final String WORKER = Names.LABEL_ROLE_WORKER;
  private static final String MASTER = Names.LABEL_ROLE_MASTER;
  private static final String CONTROL_PLANE = Names.LABEL_ROLE_CONTROL_PLANE;
  private static final String NFD = Names.LABEL_NFD_KATA_RUNTIME;

  private static Node node(String name, String... kv) {
    Map<String, String> labels = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      labels.put(kv[i], kv[i + 1]);
    }
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
      -                                                      | true
      node-role.kubernetes.io/worker                         | true
      node-role.kubernetes.io/infra                          | true
      node-role.kubernetes.io/master                         | false
      node-role.kubernetes.io/control-plane                  | false
      node-role.kubernetes.io/master,node-role.kubernetes.io/worker        | true
      node-role.kubernetes.io/control-plane,node-role.kubernetes.io/worker | true
      """)
  void isWorker(String roles, boolean expected) {
    Map<String, String> labels = new HashMap<>();
    if (roles != null) {
      for (String role : roles.split(",", -1)) {
        labels.put(role, "");
      }
    }
    Node node =
        new NodeBuilder().withNewMetadata().withName("n").withLabels(labels).endMetadata().build();
    assertThat(NodeSelection.isWorker(node)).isEqualTo(expected);
  }

  private static final List<Node> FLEET =
      List.of(
          node("worker-3", WORKER, "", "kata", "yes", NFD, "true"),
          node("worker-2", WORKER, "", "kata", "yes"),
          node("worker-1", WORKER, "", NFD, "true"),
          node("worker-0", WORKER, "", NFD, "false"),
          node("bare", "kata", "yes", NFD, "true"),
          node("master-0", MASTER, "", "kata", "yes", NFD, "true"),
          node("cp-0", CONTROL_PLANE, "", "kata", "yes", NFD, "true"));

  private static KataConfigSpec spec(LabelSelector selector, boolean checkEligibility) {
    KataConfigSpec spec = new KataConfigSpec();
    spec.setKataConfigPoolSelector(selector);
    spec.setCheckNodeEligibility(checkEligibility);
    return spec;
  }

  private static LabelSelector kataYes() {
    return new LabelSelectorBuilder().addToMatchLabels("kata", "yes").build();
  }

  static Stream<Arguments> selections() {
    return Stream.of(
        Arguments.of(
            "no selector: every worker",
            spec(null, false),
            List.of("bare", "worker-0", "worker-1", "worker-2", "worker-3")),
        Arguments.of(
            "selector: matching workers only, never control plane",
            spec(kataYes(), false),
            List.of("bare", "worker-2", "worker-3")),
        Arguments.of(
            "eligibility: NFD label must be \"true\"",
            spec(null, true),
            List.of("bare", "worker-1", "worker-3")),
        Arguments.of(
            "eligibility and selector both apply",
            spec(kataYes(), true),
            List.of("bare", "worker-3")),
        Arguments.of(
            "selector matching nothing",
            spec(new LabelSelectorBuilder().addToMatchLabels("kata", "no").build(), false),
            List.of()),
        Arguments.of(
            "expression selector",
            spec(
                new LabelSelectorBuilder()
                    .addNewMatchExpression()
                    .withKey("kata")
                    .withOperator("DoesNotExist")
                    .endMatchExpression()
                    .build(),
                false),
            List.of("worker-0", "worker-1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("selections")
  void selectedIsSortedSetOfMatchingWorkers(
      String name, KataConfigSpec spec, List<String> expected) {
    assertThat(NodeSelection.selected(FLEET, spec)).containsExactlyElementsOf(expected);
  }
}
