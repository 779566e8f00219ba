package dev.osc.api.peerpods;

import java.util.Objects;

/**
 * The number of peer-pod VMs a node may run: the {@code kata.peerpods.io/vm} capacity. Written as a
 * string both in the PeerPodConfig CR's {@code spec.limit} (AWS 3.3.1) and in {@code
 * PEERPODS_LIMIT_PER_NODE}, with the same rules.
 */
public record PeerPodLimit(int value) {
  /** AWS 3.2 and IBM Z 6.2.5: "The default value is 10." */
  public static final PeerPodLimit DEFAULT =
      parse(PeerPodsKeys.PEERPODS_LIMIT_PER_NODE.defaultFor(Provider.AWS).orElseThrow());

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
    try {
      return new PeerPodLimit(PeerPodsKeys.PEERPODS_LIMIT_PER_NODE.parse(text.trim()));
    } catch (InvalidValue e) {
      throw new IllegalArgumentException(Problem.quote(text) + ": " + e.getMessage());
    }
  }
}
