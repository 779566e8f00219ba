package dev.osc.operator.peerpods;

import java.util.Comparator;

/**
 * One finding about one key, shown as {@code <object>: <key>: <reason>}. Only ConfigMap values
 * may appear in a reason; secret values never do.
 */
public record Problem(PeerPodsObject object, String key, String reason)
    implements Comparable<Problem> {

  private static final Comparator<Problem> ORDER = Comparator.comparing(Problem::object)
      .thenComparing(Problem::key)
      .thenComparing(Problem::reason);

  /** The one-line message. */
  public String message() {
    return object.objectName() + ": " + key + ": " + reason;
  }

  @Override
  public int compareTo(Problem other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return message();
  }

  /** A ConfigMap value in double quotes, escaped so that the message stays on one line. */
  static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
        .replace("\r", "\\r").replace("\t", "\\t") + "\"";
  }
}
