package dev.osc.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecValidatorTest {

  private static final String SELECTOR = "spec.kataConfigPoolSelector";

  private static KataConfigSpec logLevel(String level) {
    KataConfigSpec spec = new KataConfigSpec();
    spec.setLogLevel(level);
    return spec;
  }

  private static KataConfigSpec selector(LabelSelector selector) {
    KataConfigSpec spec = new KataConfigSpec();
    spec.setKataConfigPoolSelector(selector);
    return spec;
  }

  private static KataConfigSpec matchLabel(String key, String value) {
    return selector(new LabelSelectorBuilder().addToMatchLabels(key, value).build());
  }

  private static KataConfigSpec expression(String key, String operator, String... values) {
    return selector(
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey(key)
            .withOperator(operator)
            .withValues(values.length == 0 ? null : List.of(values))
            .endMatchExpression()
            .build());
  }

  static Stream<Arguments> validSpecs() {
    return Stream.of(
        Arguments.of("null spec", null),
        Arguments.of("defaults", new KataConfigSpec()),
        Arguments.of("logLevel trace", logLevel("trace")),
        Arguments.of("logLevel debug", logLevel("debug")),
        Arguments.of("logLevel warn", logLevel("warn")),
        Arguments.of("logLevel error", logLevel("error")),
        Arguments.of("logLevel fatal", logLevel("fatal")),
        Arguments.of("logLevel panic", logLevel("panic")),
        Arguments.of("logLevel empty", logLevel("")),
        Arguments.of("logLevel absent", logLevel(null)),
        Arguments.of("empty selector", selector(new LabelSelector())),
        Arguments.of("role label, empty value", matchLabel("node-role.kubernetes.io/kata-oc", "")),
        Arguments.of("plain key", matchLabel("kata", "yes")),
        Arguments.of("value with . - _", matchLabel("k", "a.b-c_d")),
        Arguments.of("key of 63 chars", matchLabel("k".repeat(63), "v")),
        Arguments.of("value of 63 chars", matchLabel("k", "v".repeat(63))),
        Arguments.of("In with values", expression("zone", "In", "a", "b")),
        Arguments.of("NotIn with values", expression("zone", "NotIn", "a")),
        Arguments.of("Exists", expression("feature.node.kubernetes.io/runtime.kata", "Exists")),
        Arguments.of("DoesNotExist", expression("gpu", "DoesNotExist")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validSpecs")
  void validSpecsHaveNoErrors(String name, KataConfigSpec spec) {
    assertThat(SpecValidator.validate(spec)).isEmpty();
  }

  private static final String KEY_REASON =
      "a valid label key is an optional DNS subdomain"
          + " prefix and '/', then a name of at most 63 alphanumerics, '-', '_' or '.'";
  private static final String VALUE_REASON =
      "a valid label value must be 63 characters or"
          + " less, and consist of alphanumerics, '-', '_' or '.'";

  static Stream<Arguments> invalidSpecs() {
    String levels =
        "supported values: \"trace\", \"debug\", \"info\", \"warn\", \"error\","
            + " \"fatal\", \"panic\"";
    String at = SELECTOR + ".matchLabels: Invalid value: ";
    String expr0 = SELECTOR + ".matchExpressions[0]";
    return Stream.of(
        Arguments.of(logLevel("loud"), "spec.logLevel: Unsupported value: \"loud\": " + levels),
        Arguments.of(logLevel("INFO"), "spec.logLevel: Unsupported value: \"INFO\": " + levels),
        Arguments.of(matchLabel("bad key", "v"), at + "\"bad key\": " + KEY_REASON),
        Arguments.of(matchLabel("-kata", "v"), at + "\"-kata\": " + KEY_REASON),
        Arguments.of(matchLabel("kata-", "v"), at + "\"kata-\": " + KEY_REASON),
        Arguments.of(
            matchLabel("k".repeat(64), "v"), at + "\"" + "k".repeat(64) + "\": " + KEY_REASON),
        Arguments.of(matchLabel("/kata", "v"), at + "\"/kata\": " + KEY_REASON),
        Arguments.of(matchLabel("example.com/", "v"), at + "\"example.com/\": " + KEY_REASON),
        Arguments.of(
            matchLabel("Example.com/kata", "v"), at + "\"Example.com/kata\": " + KEY_REASON),
        Arguments.of(matchLabel("a/b/c", "v"), at + "\"a/b/c\": " + KEY_REASON),
        Arguments.of(matchLabel("k", "a b"), at + "\"a b\": " + VALUE_REASON),
        Arguments.of(matchLabel("k", "-a"), at + "\"-a\": " + VALUE_REASON),
        Arguments.of(
            matchLabel("k", "v".repeat(64)), at + "\"" + "v".repeat(64) + "\": " + VALUE_REASON),
        Arguments.of(
            expression("zone", "Equals", "a"),
            expr0
                + ".operator: Unsupported"
                + " value: \"Equals\": supported values: \"In\", \"NotIn\", \"Exists\","
                + " \"DoesNotExist\""),
        Arguments.of(
            expression("zone", "in", "a"),
            expr0
                + ".operator: Unsupported"
                + " value: \"in\": supported values: \"In\", \"NotIn\", \"Exists\","
                + " \"DoesNotExist\""),
        Arguments.of(
            expression("zone", null),
            expr0
                + ".operator: Unsupported"
                + " value: \"\": supported values: \"In\", \"NotIn\", \"Exists\","
                + " \"DoesNotExist\""),
        Arguments.of(
            expression("zone", "In"),
            expr0
                + ".values: Required value: must be"
                + " specified when `operator` is 'In' or 'NotIn'"),
        Arguments.of(
            expression("zone", "NotIn"),
            expr0
                + ".values: Required value: must be"
                + " specified when `operator` is 'In' or 'NotIn'"),
        Arguments.of(
            expression("zone", "Exists", "a"),
            expr0
                + ".values: Forbidden: may not"
                + " be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        Arguments.of(
            expression("zone", "DoesNotExist", "a"),
            expr0
                + ".values: Forbidden: may"
                + " not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        Arguments.of(
            expression("zone", "NotIn", "a", "bad value!"),
            expr0 + ".values[1]: Invalid value: \"bad value!\": " + VALUE_REASON),
        Arguments.of(
            expression("bad key", "Exists"),
            expr0 + ".key: Invalid value: \"bad key\": " + KEY_REASON));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidSpecs")
  void eachProblemNamesFieldAndReason(KataConfigSpec spec, String expected) {
    assertThat(SpecValidator.validate(spec)).containsExactly(expected);
  }

  @Test
  void nullRequirementIsJudgedAsAnEmptyOne() {
    KataConfigSpec spec = selector(new LabelSelector());
    spec.getKataConfigPoolSelector()
        .setMatchExpressions(Arrays.asList((LabelSelectorRequirement) null));

    assertThat(SpecValidator.validate(spec))
        .satisfiesExactly(
            e ->
                assertThat(e)
                    .startsWith(SELECTOR + ".matchExpressions[0].key: Invalid value: \"\""),
            e ->
                assertThat(e)
                    .startsWith(
                        SELECTOR + ".matchExpressions[0].operator: Unsupported" + " value: \"\""));
  }

  @Test
  void allProblemsAreReportedInFieldOrderWithTheirIndex() {
    KataConfigSpec spec = new KataConfigSpec();
    spec.setLogLevel("loud");
    spec.setKataConfigPoolSelector(
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey("ok")
            .withOperator("Exists")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("zone")
            .withOperator("Equals")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("gpu")
            .withOperator("In")
            .endMatchExpression()
            .build());
    assertThat(SpecValidator.validate(spec))
        .hasSize(3)
        .satisfiesExactly(
            e -> assertThat(e).startsWith("spec.logLevel: Unsupported value: \"loud\""),
            e ->
                assertThat(e)
                    .startsWith(
                        SELECTOR + ".matchExpressions[1].operator: Unsupported value: \"Equals\""),
            e ->
                assertThat(e).startsWith(SELECTOR + ".matchExpressions[2].values: Required value"));
  }
}
