package dev.osc.operator.peerpods;

import java.util.Objects;
import java.util.Optional;

/**
 * The number of peer-pod VMs a node may run: the {@code kata.peerpods.io/vm} capacity. Written as
 * a string both in the PeerPodConfig CR's {@code spec.limit} (AWS 3.3.1) and in {@code
 * PEERPODS_LIMIT_PER_NODE}; a whole number, 0 or more (CAA does not advertise negative values).
 */
public record PeerPodLimit(int value) {
  /** AWS 3.2 and IBM Z 6.2.5: "The default value is 10." */
  public static final PeerPodLimit DEFAULT = new PeerPodLimit(10);

  public PeerPodLimit {
    if (value < 0) {
      throw new IllegalArgumentException("a peer pod limit is at least 0, not " + value);
    }
  }

  /**
   * The limit written as {@code text}; IllegalArgumentException such as {@code "ten": not a whole
   * number} otherwise. An absent limit is the caller's to default.
   */
  public static PeerPodLimit parse(String text) {
    Objects.requireNonNull(text, "text");
    Optional<String> problem = problem(text);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(Problem.quote(text) + ": " + problem.get());
    }
    return new PeerPodLimit(Integer.parseInt(text));
  }

  /** Why the text is not a limit, or empty. */
  static Optional<String> problem(String text) {
    return ValueRules.wholeNumber(text, 0, "");
  }
}
