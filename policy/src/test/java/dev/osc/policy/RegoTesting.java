package dev.osc.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** Helpers: evaluate data.t.r of a module and show the value as compact JSON. */
final class RegoTesting {
  static final ObjectMapper JSON = new ObjectMapper();

  private RegoTesting() {}

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The value of data.t.r as JSON text, or "undefined". */
  static String eval(String rules, String input) {
    return show(evaluation(rules, input));
  }

  static Evaluation evaluation(String rules, String input) {
    Module m = Rego.parse("package t\n" + rules, "t.rego");
    return new Engine(List.of(m)).evaluate("data.t.r", input == null ? null : json(input), null);
  }

  static String show(Evaluation ev) {
    return ev.value().map(JsonNode::toString).orElse("undefined");
  }
}
