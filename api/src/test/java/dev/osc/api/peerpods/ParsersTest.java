package dev.osc.api.peerpods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The value shapes, as upstream's adaptor (Go's standard library) reads them. */
class ParsersTest {

  private static Arguments row(String shape, Parser<?> parser, String value, Object parsed) {
    return Arguments.of(shape, parser, value, parsed);
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        row("duration", Parsers.DURATION, "5m", Duration.ofMinutes(5)),
        row("duration", Parsers.DURATION, "90s", Duration.ofSeconds(90)),
        row("duration", Parsers.DURATION, "1h30m", Duration.ofMinutes(90)),
        row("duration", Parsers.DURATION, "1.5h", Duration.ofMinutes(90)),
        row("duration", Parsers.DURATION, ".5s", Duration.ofMillis(500)),
        row("duration", Parsers.DURATION, "300ms", Duration.ofMillis(300)),
        row("duration", Parsers.DURATION, "10us", Duration.ofNanos(10_000)),
        row("duration", Parsers.DURATION, "2\u00b5s", Duration.ofNanos(2_000)),
        row("duration", Parsers.DURATION, "2\u03bcs", Duration.ofNanos(2_000)),
        row("duration", Parsers.DURATION, "+5m", Duration.ofMinutes(5)),
        row("duration", Parsers.DURATION, "0", Duration.ZERO),
        row("list", Parsers.LIST_WITHOUT_SPACES, "t3.small", List.of("t3.small")),
        row(
            "list",
            Parsers.LIST_WITHOUT_SPACES,
            "t2.small,t2.medium,t2.small",
            List.of("t2.small", "t2.medium")),
        row(
            "tags",
            Parsers.KEY_VALUE_PAIRS,
            "key1=value1,key2=value2",
            Map.of("key1", "value1", "key2", "value2")),
        row("tags", Parsers.KEY_VALUE_PAIRS, "owner=", Map.of("owner", "")),
        row(
            "tags",
            Parsers.KEY_VALUE_PAIRS,
            "cost-center=peer pods",
            Map.of("cost-center", "peer pods")),
        row("tags", Parsers.KEY_VALUE_PAIRS, "a=b=c", Map.of("a", "b=c")),
        row("port", Parsers.PORT, "1", 1),
        row("port", Parsers.PORT, "+4789", 4789),
        row("port", Parsers.PORT, "09000", 9000),
        row("port", Parsers.PORT, "65535", 65535),
        row("at least 6", Parsers.atLeast(6, " (GB)"), "6", 6),
        row("0..65535", Parsers.between(0, 65535, ""), "0", 0),
        row("boolean", Parsers.BOOLEAN, "true", true),
        row("boolean", Parsers.BOOLEAN, "True", true),
        row("boolean", Parsers.BOOLEAN, "TRUE", true),
        row("boolean", Parsers.BOOLEAN, "1", true),
        row("boolean", Parsers.BOOLEAN, "t", true),
        row("boolean", Parsers.BOOLEAN, "F", false),
        row("boolean", Parsers.BOOLEAN, "0", false),
        row("provider", Parsers.PROVIDER, "libvirt", Provider.LIBVIRT));
  }

  @ParameterizedTest(name = "{0} reads \"{2}\"")
  @MethodSource("accepted")
  void accepts(String shape, Parser<?> parser, String value, Object parsed) {
    assertThat((Object) parser.parse(value)).isEqualTo(parsed);
  }

  static Stream<Arguments> refused() {
    String duration = "a Go duration such as 5m, 90s or 1h30m is expected";
    String list = "a comma-separated list without spaces is expected";
    String tags =
        "key=value pairs separated by commas are expected, such as" + " key1=value1,key2=value2";
    String port = "a port number from 1 to 65535 is expected";
    String bool = "\"true\" or \"false\" is expected";
    return Stream.of(
        row("duration", Parsers.DURATION, "5", duration),
        row("duration", Parsers.DURATION, "5 m", duration),
        row("duration", Parsers.DURATION, "1h 30m", duration),
        row("duration", Parsers.DURATION, "-5m", "must not be negative"),
        row("duration", Parsers.DURATION, "5min", duration),
        row("duration", Parsers.DURATION, "m", duration),
        row("duration", Parsers.DURATION, ".", duration),
        row("duration", Parsers.DURATION, "5d", duration),
        row("list", Parsers.LIST_WITHOUT_SPACES, "a, b", list),
        row("list", Parsers.LIST_WITHOUT_SPACES, ",a", list),
        row("list", Parsers.LIST_WITHOUT_SPACES, "a,", list),
        row("list", Parsers.LIST_WITHOUT_SPACES, "a,,b", list),
        row("tags", Parsers.KEY_VALUE_PAIRS, "key1", tags),
        row("tags", Parsers.KEY_VALUE_PAIRS, "=value", tags),
        row("tags", Parsers.KEY_VALUE_PAIRS, "key1=value1,", tags),
        row("tags", Parsers.KEY_VALUE_PAIRS, "key1=value1,key2", tags),
        row("tags", Parsers.KEY_VALUE_PAIRS, "my key=value", tags),
        row("tags", Parsers.KEY_VALUE_PAIRS, "a=1,a=2", "key a is given twice"),
        row("port", Parsers.PORT, "0", port),
        row("port", Parsers.PORT, "65536", port),
        row("port", Parsers.PORT, "-1", port),
        row("port", Parsers.PORT, "9000/udp", port),
        row("port", Parsers.PORT, "99999999999", port),
        row("at least 6", Parsers.atLeast(6, " (GB)"), "5", "at least 6 (GB)"),
        row("at least 6", Parsers.atLeast(6, " (GB)"), "-99999999999999999999", "at least 6 (GB)"),
        row("at least 6", Parsers.atLeast(6, " (GB)"), "99999999999", "at most 2147483647 (GB)"),
        row("at least 6", Parsers.atLeast(6, " (GB)"), "6.5", "not a whole number"),
        row("boolean", Parsers.BOOLEAN, "tRUE", bool),
        row("boolean", Parsers.BOOLEAN, "yes", bool),
        row("provider", Parsers.PROVIDER, "AWS", "unsupported value"),
        row(
            "initdata",
            Parsers.INITDATA,
            "version = \"0.2.0\"\nalgorithm = \"sha256\"\n[data]\n",
            "version: must be \"0.1.0\", not \"0.2.0\""));
  }

  @ParameterizedTest(name = "{0} refuses \"{2}\"")
  @MethodSource("refused")
  void refuses(String shape, Parser<?> parser, String value, String reason) {
    assertThatThrownBy(() -> parser.parse(value))
        .isInstanceOf(InvalidValue.class)
        .hasMessage(reason);
  }
}
