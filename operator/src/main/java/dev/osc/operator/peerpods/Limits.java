package dev.osc.operator.peerpods;

/** The per-node VM limit as written in PeerPodConfig spec.limit or PEERPODS_LIMIT_PER_NODE. */
public final class Limits {
  private Limits() {}

  /** The limit; IllegalArgumentException naming the reason when it is not a whole number >= 0. */
  public static int parse(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + ": Required value: a whole number >= 0");
    }
    try {
      int limit = Integer.parseInt(value.trim());
      if (limit < 0) {
        throw new IllegalArgumentException(field + ": Invalid value: \"" + value
            + "\": must be a whole number >= 0");
      }
      return limit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + ": Invalid value: \"" + value
          + "\": not a whole number");
    }
  }
}
