package dev.osc.cli.mustgather;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every known secret value in text about to be written: the values of the one Secret
 * must-gather reads (for its key names), as they are and base64-encoded, so a credential that was
 * pasted into a ConfigMap, an environment literal or a log line is not carried out either.
 *
 * <p>Values shorter than {@link #MIN_LENGTH} are left alone: replacing every "1" or "true" would
 * wreck the output, and such a value is no credential.
 */
public final class Redactor {
  static final int MIN_LENGTH = 6;
  public static final String MARK = "<redacted>";

  private final List<String> values;

  private Redactor(List<String> values) {
    this.values = values;
  }

  public static Redactor none() {
    return new Redactor(List.of());
  }

  /** A redactor that also hides {@code secretValues} (longest first, so no part of one is left). */
  public Redactor hiding(Iterable<String> secretValues) {
    Set<String> all = new LinkedHashSet<>(values);
    for (String v : secretValues) {
      v.lines()
          .map(String::strip)
          .filter(s -> s.length() >= MIN_LENGTH)
          .forEach(
              s -> {
                all.add(s);
                all.add(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
              });
      if (v.length() >= MIN_LENGTH) {
        all.add(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
      }
    }
    return new Redactor(
        all.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList());
  }

  public String redact(String text) {
    String out = text;
    for (String v : values) {
      if (out.contains(v)) {
        out = out.replace(v, MARK);
      }
    }
    return out;
  }
}
