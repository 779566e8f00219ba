package dev.osc.api.peerpods;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem of a peer-pods configuration, each naming its key; never a Secret value. */
public final class InvalidPeerPodsConfig extends IllegalArgumentException {
  private final List<Problem> problems;

  public InvalidPeerPodsConfig(List<Problem> problems) {
    super(problems.stream().map(Problem::message).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
