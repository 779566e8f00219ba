package dev.osc.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** The result of one query: its value (empty = undefined) and the print() lines it produced. */
public record Evaluation(Optional<JsonNode> value, List<String> prints) {
  public Evaluation {
    prints = List.copyOf(prints);
  }
}
