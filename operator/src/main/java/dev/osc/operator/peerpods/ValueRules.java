package dev.osc.operator.peerpods;

import java.util.Optional;
import java.util.regex.Pattern;

/** The value shapes the cloud-api-adaptor parses from its environment. */
final class ValueRules {
  private ValueRules() {}

  // Go's time.ParseDuration without a sign: "0", or numbers each followed by a unit.
  private static final Pattern GO_DURATION = Pattern.compile(
      "0|((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+");
  // AWS 3.2: "Specify the allowed instance types, without spaces".
  private static final Pattern LIST = Pattern.compile("[^,\\s]+(,[^,\\s]+)*");
  // AWS 3.2 example "key1=value1,key2=value2"; CAA splits on ',' then '='.
  private static final Pattern KEY_VALUE_PAIRS =
      Pattern.compile("[^,=\\s]+=[^,]*(,[^,=\\s]+=[^,]*)*");
  private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d+");

  static final ValueRule ANY = value -> Optional.empty();
  // Exactly what the operator itself writes into DISABLECVM (osc-operator §4.8).
  static final ValueRule BOOLEAN = value -> value.equals("true") || value.equals("false")
      ? Optional.empty()
      : Optional.of("\"true\" or \"false\" is expected");
  static final ValueRule PORT = value -> wholeNumber(value, 1, "").isEmpty()
      && Integer.parseInt(value) <= 65535
      ? Optional.empty()
      : Optional.of("a port number from 1 to 65535 is expected");
  static final ValueRule DURATION =
      matching(GO_DURATION, "a Go duration such as 5m, 90s or 1h30m is expected");
  static final ValueRule COMMA_LIST =
      matching(LIST, "a comma-separated list without spaces is expected");
  static final ValueRule TAGS = matching(KEY_VALUE_PAIRS,
      "key=value pairs separated by commas are expected, such as key1=value1,key2=value2");

  /** A decimal whole number of at least {@code min}; unit follows the minimum in the reason. */
  static ValueRule atLeast(int min, String unit) {
    return value -> wholeNumber(value, min, unit);
  }

  static Optional<String> wholeNumber(String value, int min, String unit) {
    if (!WHOLE_NUMBER.matcher(value).matches()) {
      return Optional.of("not a whole number");
    }
    boolean negative = value.startsWith("-");
    try {
      if (Integer.parseInt(value) >= min) {
        return Optional.empty();
      }
    } catch (NumberFormatException tooManyDigits) {
      if (!negative) {
        return Optional.of("at most " + Integer.MAX_VALUE);
      }
    }
    return Optional.of("at least " + min + unit);
  }

  private static ValueRule matching(Pattern pattern, String expected) {
    return value -> pattern.matcher(value).matches() ? Optional.empty() : Optional.of(expected);
  }
}
