package dev.osc.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The soak mode of the randomised fault tests: {@code -Dosc.soak.<key>=N} raises a test's sample
 * from its default (what the ordinary test run does) to N; scripts/soak.sh sets them. Each test
 * reports its counts as one line, {@code <name> key=value ...}, on stdout and, with {@code
 * -Dosc.soak.report=<file>}, appended to that file for the script to add up.
 */
public final class Soak {
  private Soak() {}

  private static final String PREFIX = "osc.soak.";

  /** The sample size {@code osc.soak.<key>}, or {@code defaultCount} in an ordinary test run. */
  public static int count(String key, int defaultCount) {
    String value = System.getProperty(PREFIX + key);
    if (value == null || value.isBlank()) {
      return defaultCount;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        PREFIX + key + ": expected a positive whole number, got \"" + value + "\"");
  }

  /** Prints {@code name k=v ...} and appends it to the report file when one is given. */
  public static void report(String name, Map<String, ? extends Number> counts) {
    String line =
        name
            + counts.entrySet().stream()
                .map(e -> " " + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining());
    System.out.println(line);
    String file = System.getProperty(PREFIX + "report");
    if (file == null || file.isBlank()) {
      return;
    }
    try {
      Files.writeString(
          Path.of(file),
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
    }
  }
}
