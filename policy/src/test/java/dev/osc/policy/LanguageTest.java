package dev.osc.policy;

import static dev.osc.policy.RegoTesting.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LanguageTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        // complete rules, defaults, OR of several definitions, else
        Arguments.of("default r := false\nr if { input.x == 1 }", "{\"x\":1}", "true"),
        Arguments.of("default r := false\nr if { input.x == 1 }", "{\"x\":2}", "false"),
        Arguments.of("r if input.x == 1", "{\"x\":2}", "undefined"),
        Arguments.of("r if { input.x == 1 }\nr if { input.x == 2 }", "{\"x\":2}", "true"),
        Arguments.of("r { input.x == 1 }", "{\"x\":1}", "true"),
        Arguments.of(
            "r := \"a\" if { input.x == 1 } else := \"b\" if { input.x == 2 } " + "else := \"c\"",
            "{\"x\":2}",
            "\"b\""),
        Arguments.of("r := \"a\" if { input.x == 1 } else := \"c\"", "{\"x\":5}", "\"c\""),
        Arguments.of("S_NAME = \"name\"\nr := S_NAME", null, "\"name\""),
        Arguments.of(
            "r := {\"ops\": ops, \"allowed\": true} if { ops := [1] }",
            null,
            "{\"allowed\":true,\"ops\":[1]}"),
        // functions with several bodies and patterns
        Arguments.of(
            "f(x) := \"neg\" if { x < 0 }\nf(x) := \"pos\" if { x > 0 }\n" + "r := [f(-1), f(2)]",
            null,
            "[\"neg\",\"pos\"]"),
        Arguments.of("f(x) if { x == 1 }\nr := f(2)", null, "undefined"),
        Arguments.of("f(\"a\") := 1\nf(\"b\") := 2\nr := f(\"b\")", null, "2"),
        Arguments.of("f([a, b]) := a + b\nr := f([1, 2])", null, "3"),
        Arguments.of("f(x) := y if { y := x * 2 } else := 0\nr := f(4)", null, "8"),
        // unification and assignment
        Arguments.of("r if { [a, b] = [1, 2]; a == 1; b == 2 }", null, "true"),
        Arguments.of("r := x if { [x, 2] = [1, 2] }", null, "1"),
        Arguments.of("r := x if { [x, 3] = [1, 2] }", null, "undefined"),
        Arguments.of("r := v if { {\"k\": v} := input }", "{\"k\": 7}", "7"),
        Arguments.of("r := x if { x = input.a; x == 1 }", "{\"a\":1}", "1"),
        Arguments.of("r if { input.a = 1 }", "{\"a\":1}", "true"),
        Arguments.of("r := [x, y] if { [x, y] := [1, \"a\"] }", null, "[1,\"a\"]"),
        // iteration: some, old-style some, refs with variables, wildcards
        Arguments.of("r := [x | some x in input.xs; x > 1]", "{\"xs\":[1,2,3]}", "[2,3]"),
        Arguments.of(
            "r := {k | some k, v in input.o; v}", "{\"o\":{\"a\":true,\"b\":false}}", "[\"a\"]"),
        Arguments.of("r := [i | some i; input.xs[i] == \"b\"]", "{\"xs\":[\"a\",\"b\"]}", "[1]"),
        Arguments.of("r if { input.xs[_] == 3 }", "{\"xs\":[1,3]}", "true"),
        Arguments.of("r := [y | y := input.m[_][_]]", "{\"m\":[[1],[2,3]]}", "[1,2,3]"),
        Arguments.of("r := count([k | input.o[k]])", "{\"o\":{\"a\":1,\"b\":2}}", "2"),
        Arguments.of("r if { some x in [1, 2]; x == 2 }", null, "true"),
        // every
        Arguments.of("r if { every x in input.xs { x > 0 } }", "{\"xs\":[1,2]}", "true"),
        Arguments.of("r if { every x in input.xs { x > 1 } }", "{\"xs\":[1,2]}", "undefined"),
        Arguments.of("r if { every x in [] { x > 1 } }", null, "true"),
        Arguments.of("r if { every k, v in {\"a\": 1} { k == \"a\"; v == 1 } }", null, "true"),
        Arguments.of("r if { every x in [[1], [2]] { every y in x { y > 0 } } }", null, "true"),
        // membership and negation
        Arguments.of("r if { 2 in [1, 2] }", null, "true"),
        Arguments.of("r if { not 3 in [1, 2] }", null, "true"),
        Arguments.of("r if { \"a\" in {\"a\"} }", null, "true"),
        Arguments.of("r if { not input.missing }", "{}", "true"),
        Arguments.of("r if { not input.state[\"k\"] }", "{\"state\":{\"k\":1}}", "undefined"),
        Arguments.of("r := 1 in {\"a\": 1}", null, "true"),
        // comprehensions, sets
        Arguments.of("r := {x | x = input.xs[_]}", "{\"xs\":[3,1,3]}", "[1,3]"),
        Arguments.of(
            "r := {k: v | some k, v in input.o; v > 1}", "{\"o\":{\"a\":1,\"b\":2}}", "{\"b\":2}"),
        Arguments.of("r := {1, 2} | {3}", null, "[1,2,3]"),
        Arguments.of("r := {1, 2, 3} - {2}", null, "[1,3]"),
        Arguments.of("r := {1, 2} & {2, 3}", null, "[2]"),
        Arguments.of("r if { {1, 2} == {2, 1} }", null, "true"),
        Arguments.of(
            "r := [[\"b\"], {\"a\": 1}, \"s\", 2, true, null, {1}]",
            null, "[[\"b\"],{\"a\":1},\"s\",2,true,null,[1]]"),
        Arguments.of(
            "r := {[\"b\"], {\"a\": 1}, \"s\", 2, true, null, {1}}",
            null, "[null,true,2,\"s\",[\"b\"],{\"a\":1},[1]]"),
        // partial sets and objects
        Arguments.of(
            "p contains x if { some x in input.xs; x > 1 }\nr := p", "{\"xs\":[1,2,3]}", "[2,3]"),
        Arguments.of("p contains \"a\"\np contains \"b\" if { false }\nr := p", null, "[\"a\"]"),
        Arguments.of("p[x] { x := input.xs[_] }\nr := p", "{\"xs\":[2,1]}", "[1,2]"),
        Arguments.of(
            "p[k] := v if { some k, v in input.o }\nr := p", "{\"o\":{\"a\":1}}", "{\"a\":1}"),
        Arguments.of("p contains x if { x := 1 }\nr if { p[1] }", null, "true"),
        // arithmetic and numbers
        Arguments.of("r := [1 + 2 * 3, 7 / 2, 6 / 3, 7 % 3, -2 - 1]", null, "[7,3.5,2,1,-3]"),
        Arguments.of("r := 1 / 0", null, "undefined"),
        Arguments.of("r if { 1 == 1.0 }", null, "true"),
        Arguments.of("r := 1 + \"a\"", null, "undefined"),
        Arguments.of("r if { 1 < \"a\" }", null, "true"),
        // data.pstate and data refs
        Arguments.of("r := data.t.x\nx := 5", null, "5"),
        Arguments.of("r := data.nothing.here", null, "undefined"));
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void evaluates(String rules, String input, String expected) {
    assertThat(eval(rules, input)).isEqualTo(expected);
  }

  @Test
  void conflictingCompleteRuleValuesAreAnError() {
    assertThatThrownBy(() -> eval("r := 1\nr := 2", null))
        .isInstanceOf(RegoException.class)
        .hasMessageContaining("multiple outputs");
  }

  @Test
  void conflictingFunctionOutputsAreAnError() {
    assertThatThrownBy(() -> eval("f(x) := 1\nf(x) := 2\nr := f(1)", null))
        .hasMessageContaining("functions must not produce multiple outputs");
  }

  @Test
  void unsafeVariableNamesItsPosition() {
    assertThatThrownBy(() -> eval("r if {\n  y == 1\n}", null))
        .hasMessageStartingWith("t.rego:3:3: var y is unsafe");
  }

  @Test
  void syntaxErrorCarriesFileLineAndColumn() {
    assertThatThrownBy(() -> Rego.parse("package p\n\nr if {\n  input.x == \n}\n", "p.rego"))
        .isInstanceOf(RegoException.class)
        .hasMessage("p.rego:5:1: unexpected '}', expected a term");
    assertThatThrownBy(() -> Rego.parse("package p\nr := \"abc\n", "p.rego"))
        .hasMessageStartingWith("p.rego:2:6: unterminated string");
  }

  @Test
  void printCollectsLinesFormattedLikeRegorus() {
    Evaluation ev =
        RegoTesting.evaluation(
            "r if {\n  print(\"args:\", input.a, input.missing, {\"k\": [1]})\n}", "{\"a\":\"x\"}");
    assertThat(ev.prints()).containsExactly("args: x <undefined> {\"k\": [1]}");
    assertThat(RegoTesting.show(ev)).isEqualTo("true");
  }

  @Test
  void importsAliasDataAndInput() {
    Module lib = Rego.parse("package lib\nf(x) := x + 1\nlimit := 3", "lib.rego");
    Module main =
        Rego.parse(
            "package main\nimport data.lib\nimport input.req as q\n"
                + "r := lib.f(q.n) if { q.n < lib.limit }",
            "main.rego");
    Evaluation ev =
        new Engine(List.of(lib, main))
            .evaluate("data.main.r", RegoTesting.json("{\"req\":{\"n\":1}}"), null);
    assertThat(RegoTesting.show(ev)).isEqualTo("2");
  }

  @Test
  void baseDataIsVisibleUnderData() {
    Module m = Rego.parse("package t\nr := data.pstate.n + 1", "t.rego");
    Evaluation ev =
        new Engine(List.of(m))
            .evaluate("data.t.r", null, RegoTesting.json("{\"pstate\":{\"n\":41}}"));
    assertThat(RegoTesting.show(ev)).isEqualTo("42");
  }

  @Test
  void recursionIsReportedNotOverflowed() {
    assertThatThrownBy(() -> eval("r := object.get(data, \"pstate\", 0)", null))
        .hasMessageContaining("recursion detected");
    assertThatThrownBy(() -> eval("r := x if { x := r }", null))
        .hasMessageContaining("recursion detected");
    assertThatThrownBy(() -> eval("f(n) := f(n + 1)\nr := f(0)", null))
        .hasMessageContaining("recursion detected");
  }

  @Test
  void stepLimitStopsHeavyEvaluationQuickly() {
    Module m =
        Rego.parse(
            "package t\nxs := [x | some x in numbers]\n"
                + "numbers := [0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19]\n"
                + "r := count([1 | xs[_]; xs[_]; xs[_]; xs[_]; xs[_]; xs[_]])",
            "t.rego");
    long start = System.nanoTime();
    assertThatThrownBy(
            () -> new Engine(List.of(m)).withLimits(100_000, 50).evaluate("data.t.r", null, null))
        .isInstanceOf(RegoException.class)
        .hasMessageContaining("limit of 100000 steps");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
  }

  @Test
  void depthLimitStopsDeepNesting() {
    StringBuilder rules = new StringBuilder("package t\nr0 := 0\n");
    for (int i = 1; i <= 30; i++) {
      rules.append("r").append(i).append(" := r").append(i - 1).append(" + 1\n");
    }
    Module m = Rego.parse(rules.toString(), "t.rego");
    assertThat(new Engine(List.of(m)).evaluate("data.t.r30", null, null).value().get().asInt())
        .isEqualTo(30);
    assertThatThrownBy(
            () ->
                new Engine(List.of(m)).withLimits(1_000_000, 10).evaluate("data.t.r30", null, null))
        .hasMessageContaining("depth limit of 10");
  }
}
