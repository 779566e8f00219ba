package dev.osc.cli.mustgather;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --since}: a duration as oc and kubectl write it ("90s", "10m", "1h30m"). */
public final class Since {
  private Since() {}

  private static final Pattern PART = Pattern.compile("(\\d+)(h|m|s)");

  /**
   * @throws IllegalArgumentException naming the option and what is accepted
   */
  public static Duration parse(String text) {
    Matcher m = PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
              });
      end = m.end();
    }
    if (text.isEmpty() || end != text.length() || total.isZero()) {
      throw new IllegalArgumentException(
          "--since " + text + ": not a positive duration such as 30s, 10m or 1h30m");
    }
    return total;
  }
}
