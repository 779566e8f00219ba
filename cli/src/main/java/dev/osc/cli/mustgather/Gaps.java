package dev.osc.cli.mustgather;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What could not be collected, and why: refused by RBAC or failed (errors, one line each on stderr
 * too), not served by this cluster (an API it does not have: not an error), or absent.
 */
public final class Gaps {
  /** Why something is missing from the tree. */
  public enum Why {
    FORBIDDEN("forbidden"),
    FAILED("failed"),
    NOT_SERVED("not served by this cluster"),
    ABSENT("not found");

    final String text;

    Why(String text) {
      this.text = text;
    }

    public boolean isError() {
      return this == FORBIDDEN || this == FAILED;
    }
  }

  /**
   * One missing item: {@code what} names it as a user would ("nodes", "ConfigMap peer-pods-cm").
   */
  public record Gap(Why why, String what, String detail) {
    String line() {
      return why.text + ": " + what + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
  }

  private final List<Gap> gaps = new ArrayList<>();
  private final PrintStream err;

  public Gaps(PrintStream err) {
    this.err = err;
  }

  synchronized void add(Why why, String what, String detail) {
    Gap gap = new Gap(why, what, detail);
    gaps.add(gap);
    if (why.isError()) {
      err.println("must-gather: could not read " + gap.line());
    }
  }

  /** "; 1 forbidden, 2 not served by this cluster" (empty when nothing is missing). */
  static String summary(List<Gap> some) {
    Map<Why, Long> counts =
        some.stream()
            .collect(
                Collectors.groupingBy(
                    Gap::why, () -> new EnumMap<>(Why.class), Collectors.counting()));
    return counts.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey().text)
        .collect(Collectors.joining(", ", counts.isEmpty() ? "" : "; ", ""));
  }

  public synchronized List<Gap> all() {
    return List.copyOf(gaps);
  }

  public synchronized long errors() {
    return gaps.stream().filter(g -> g.why().isError()).count();
  }

  synchronized int size() {
    return gaps.size();
  }
}
