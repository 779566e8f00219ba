package dev.osc.api.peerpods;

import java.util.Comparator;

/**
 * One finding about one key, shown as {@code <object>: <key>: <reason>} (just {@code <key>:
 * <reason>} for the adaptor's own environment). A reason quotes a value only where the key allows
 * it; a Secret value never.
 */
public record Problem(Source source, String key, String reason) implements Comparable<Problem> {

  private static final Comparator<Problem> ORDER =
      Comparator.comparing(Problem::source)
          .thenComparing(Problem::key)
          .thenComparing(Problem::reason);

  /** The one-line message. */
  public String message() {
    return (source.objectName() == null ? "" : source.objectName() + ": ") + key + ": " + reason;
  }

  @Override
  public int compareTo(Problem other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return message();
  }

  /** A value in double quotes, escaped so that the message stays on one line. */
  public static String quote(String value) {
    return "\""
        + value
            .replace("\\", "\\\\")
            .replace("\"", "\\\"")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        + "\"";
  }
}
