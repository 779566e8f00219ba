package dev.osc.caa.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The adaptor's environment (peer-pods-cm, peer-pods-secret and the downward API), read with
 * errors that name the key and say what was expected. Values are never echoed for keys that
 * may hold secrets; callers pass only non-secret keys to the methods that quote values.
 */
public final class Env {
  private static final Pattern GO_DURATION_PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|\u00b5s|ms|s|m|h)");

  private final Map<String, String> values;

  public Env(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** The value, trimmed; null when absent or blank. */
  public String get(String key) {
    String v = values.get(key);
    return v == null || v.isBlank() ? null : v.trim();
  }

  public String get(String key, String fallback) {
    String v = get(key);
    return v == null ? fallback : v;
  }

  public String required(String key, String why) {
    String v = get(key);
    if (v == null) {
      throw new IllegalArgumentException(key + " is required (" + why + ")");
    }
    return v;
  }

  public int integer(String key, int fallback, int min) {
    String v = get(key);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min) {
        throw new IllegalArgumentException(key + ": " + v + " is less than " + min);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": \"" + v + "\" is not a whole number");
    }
  }

  public boolean bool(String key, boolean fallback) {
    String v = get(key);
    if (v == null) {
      return fallback;
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException(key + ": \"" + v + "\" is not true or false");
  }

  /** A Go duration (5m, 90s, 1h30m), as the upstream adaptor reads them. */
  public Duration duration(String key, Duration fallback) {
    String v = get(key);
    if (v == null) {
      return fallback;
    }
    if (v.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = GO_DURATION_PART.matcher(v);
    long nanos = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double n = Double.parseDouble(m.group(1));
      nanos += (long) (n * switch (m.group(2)) {
        case "ns" -> 1L;
        case "us", "\u00b5s" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      });
      end = m.end();
    }
    if (end != v.length() || end == 0) {
      throw new IllegalArgumentException(key + ": \"" + v
          + "\" is not a duration such as 5m, 90s or 1h30m");
    }
    return Duration.ofNanos(nanos);
  }

  /** A comma-separated list without spaces. */
  public List<String> list(String key) {
    String v = get(key);
    if (v == null) {
      return List.of();
    }
    List<String> items = Arrays.asList(v.split(",", -1));
    if (items.stream().anyMatch(s -> s.isEmpty() || s.chars().anyMatch(Character::isWhitespace))) {
      throw new IllegalArgumentException(key + ": \"" + v
          + "\" is not a comma-separated list without spaces");
    }
    return items;
  }

  /** {@code key1=value1,key2=value2}. */
  public Map<String, String> pairs(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : list(key)) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(key + ": \"" + item
            + "\" is not key=value (expected key1=value1,key2=value2)");
      }
      out.put(item.substring(0, eq), item.substring(eq + 1));
    }
    return out;
  }
}
