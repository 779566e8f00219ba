package dev.osc.initdata;

import java.util.List;

/** What is wrong with an initdata document or annotation value; each problem names its field. */
public final class InitdataException extends IllegalArgumentException {
  private final List<String> problems;

  InitdataException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  InitdataException(String problem) {
    this(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }
}
