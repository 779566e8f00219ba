package dev.osc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetaTest {

  private static LabelSelector labels(String... kv) {
    return new LabelSelectorBuilder().withMatchLabels(map(kv)).build();
  }

  private static LabelSelector expr(String key, String operator, String... values) {
    return new LabelSelectorBuilder()
        .addNewMatchExpression()
        .withKey(key)
        .withOperator(operator)
        .withValues(values.length == 0 ? null : Arrays.asList(values))
        .endMatchExpression()
        .build();
  }

  /** Pairs of key, value; a null value means "remove". */
  private static Map<String, String> map(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static Stream<Arguments> selectors() {
    return Stream.of(
        Arguments.of("null selects all", null, map(), true),
        Arguments.of("empty selects all", new LabelSelector(), map("a", "1"), true),
        Arguments.of("matchLabels equal", labels("a", "1"), map("a", "1", "b", "2"), true),
        Arguments.of("matchLabels other value", labels("a", "1"), map("a", "2"), false),
        Arguments.of("matchLabels key absent", labels("a", "1"), map("b", "1"), false),
        Arguments.of("matchLabels empty value", labels("role", ""), map("role", ""), true),
        Arguments.of("matchLabels all must hold", labels("a", "1", "b", "2"), map("a", "1"), false),
        Arguments.of("In listed", expr("zone", "In", "a", "b"), map("zone", "b"), true),
        Arguments.of("In not listed", expr("zone", "In", "a", "b"), map("zone", "c"), false),
        Arguments.of("In key absent", expr("zone", "In", "a"), map(), false),
        Arguments.of("NotIn key absent", expr("zone", "NotIn", "a"), map(), true),
        Arguments.of("NotIn other value", expr("zone", "NotIn", "a"), map("zone", "b"), true),
        Arguments.of("NotIn listed", expr("zone", "NotIn", "a", "b"), map("zone", "a"), false),
        Arguments.of("Exists present", expr("gpu", "Exists"), map("gpu", ""), true),
        Arguments.of("Exists absent", expr("gpu", "Exists"), map("cpu", "x"), false),
        Arguments.of("DoesNotExist absent", expr("gpu", "DoesNotExist"), map(), true),
        Arguments.of("DoesNotExist present", expr("gpu", "DoesNotExist"), map("gpu", "1"), false),
        Arguments.of(
            "labels and expressions both hold",
            new LabelSelectorBuilder(labels("a", "1"))
                .addNewMatchExpression()
                .withKey("b")
                .withOperator("Exists")
                .endMatchExpression()
                .build(),
            map("a", "1", "b", "x"),
            true),
        Arguments.of(
            "labels hold, expression fails",
            new LabelSelectorBuilder(labels("a", "1"))
                .addNewMatchExpression()
                .withKey("b")
                .withOperator("Exists")
                .endMatchExpression()
                .build(),
            map("a", "1"),
            false),
        Arguments.of(
            "every expression must hold",
            new LabelSelectorBuilder(expr("a", "Exists"))
                .addNewMatchExpression()
                .withKey("b")
                .withOperator("DoesNotExist")
                .endMatchExpression()
                .build(),
            map("a", "1", "b", "2"),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("selectors")
  void matchesFollowsLabelSelectorSemantics(
      String name, LabelSelector selector, Map<String, String> labels, boolean expected) {
    assertThat(Meta.matches(selector, labels)).isEqualTo(expected);
  }

  @Test
  void unknownOperatorIsRejected() {
    assertThatThrownBy(() -> Meta.matches(expr("a", "Equals", "1"), map("a", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Equals");
  }

  private static HasMetadata node(Map<String, String> labels, Map<String, String> annotations) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName("n")
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }

  private static Map<String, Object> add(String path, Object value) {
    return Map.of("op", "add", "path", path, "value", value);
  }

  private static Map<String, Object> remove(String path) {
    return Map.of("op", "remove", "path", path);
  }

  static Stream<Arguments> patches() {
    return Stream.of(
        Arguments.of(
            "set a new label",
            node(map("a", "1"), null),
            "labels",
            map("b", "2"),
            List.of(add("/metadata/labels/b", "2"))),
        Arguments.of(
            "overwrite a label",
            node(map("a", "1"), null),
            "labels",
            map("a", "3"),
            List.of(add("/metadata/labels/a", "3"))),
        Arguments.of(
            "remove an existing label",
            node(map("a", "1"), null),
            "labels",
            map("a", null),
            List.of(remove("/metadata/labels/a"))),
        Arguments.of(
            "removing a missing label is no op",
            node(map("a", "1"), null),
            "labels",
            map("b", null),
            List.of()),
        Arguments.of("no changes, no ops", node(map("a", "1"), null), "labels", map(), List.of()),
        Arguments.of(
            "slash escaped as ~1",
            node(map("a", "1"), null),
            "labels",
            map(Names.LABEL_ROLE_KATA_OC, ""),
            List.of(add("/metadata/labels/node-role.kubernetes.io~1kata-oc", ""))),
        Arguments.of(
            "tilde escaped as ~0 before slash",
            node(map("a", "1"), null),
            "labels",
            map("a~b/c", "v"),
            List.of(add("/metadata/labels/a~0b~1c", "v"))),
        Arguments.of(
            "empty labels may be absent on the server: map first",
            node(map(), null),
            "labels",
            map("a", "1"),
            List.of(add("/metadata/labels", Map.of()), add("/metadata/labels/a", "1"))),
        Arguments.of(
            "escaped remove",
            node(map(Names.LABEL_INSTALL_GATE, "install"), null),
            "labels",
            map(Names.LABEL_INSTALL_GATE, null),
            List.of(remove("/metadata/labels/kataconfiguration.openshift.io~1kata-deploy"))),
        Arguments.of(
            "absent labels get an empty map first",
            node(null, null),
            "labels",
            map("a", "1"),
            List.of(add("/metadata/labels", Map.of()), add("/metadata/labels/a", "1"))),
        Arguments.of(
            "absent labels, removal only: nothing to do",
            node(null, null),
            "labels",
            map("a", null),
            List.of()),
        Arguments.of(
            "set and remove in change order",
            node(map("old", "x"), null),
            "labels",
            map("new", "y", "old", null),
            List.of(add("/metadata/labels/new", "y"), remove("/metadata/labels/old"))),
        Arguments.of(
            "annotations, present",
            node(null, map(Names.ANNOTATION_MCO_STATE, "Done")),
            "annotations",
            map(Names.ANNOTATION_MCO_STATE, null),
            List.of(remove("/metadata/annotations/machineconfiguration.openshift.io~1state"))),
        Arguments.of(
            "annotations absent although labels present",
            node(map("k", "v"), null),
            "annotations",
            map("k", "w"),
            List.of(add("/metadata/annotations", Map.of()), add("/metadata/annotations/k", "w"))),
        Arguments.of(
            "annotations, set",
            node(map("k", "v"), map("x", "1")),
            "annotations",
            map("k", "w"),
            List.of(add("/metadata/annotations/k", "w"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patches")
  void mapPatchEmitsJsonPatchOps(
      String name,
      HasMetadata current,
      String field,
      Map<String, String> changes,
      List<Map<String, Object>> expected) {
    assertThat(Meta.mapPatch(current, field, changes)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> orders() {
    return Stream.of(
        Arguments.of(
            List.of("a@2024-01-01T00:00:00Z", "b@2024-02-01T00:00:00Z"), List.of("b", "a")),
        Arguments.of(
            List.of("b@2024-02-01T00:00:00Z", "a@2024-01-01T00:00:00Z"), List.of("b", "a")),
        Arguments.of(
            List.of(
                "worker-0@2024-01-01T00:00:00Z",
                "worker-1@2024-01-01T00:00:00Z",
                "worker-2@2024-01-01T00:00:00Z"),
            List.of("worker-2", "worker-1", "worker-0")),
        Arguments.of(
            List.of("z@2024-01-01T00:00:00Z", "a@2024-03-01T00:00:00Z", "b@2024-03-01T00:00:00Z"),
            List.of("b", "a", "z")));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("orders")
  void newestFirstThenNameDescending(List<String> nodes, List<String> expected) {
    List<String> sorted =
        nodes.stream()
            .map(s -> s.split("@"))
            .map(
                p ->
                    (HasMetadata)
                        new NodeBuilder()
                            .withNewMetadata()
                            .withName(p[0])
                            .withCreationTimestamp(p[1])
                            .endMetadata()
                            .build())
            .sorted(Meta.NEWEST_FIRST)
            .map(n -> n.getMetadata().getName())
            .toList();
    assertThat(sorted).containsExactlyElementsOf(expected);
  }
}
