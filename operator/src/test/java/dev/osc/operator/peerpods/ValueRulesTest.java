package dev.osc.operator.peerpods;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ValueRulesTest {

  private static Arguments row(String rule, ValueRule check, String value) {
    return Arguments.of(rule, check, value);
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        row("duration", ValueRules.DURATION, "5m"),
        row("duration", ValueRules.DURATION, "90s"),
        row("duration", ValueRules.DURATION, "1h30m"),
        row("duration", ValueRules.DURATION, "1.5h"),
        row("duration", ValueRules.DURATION, ".5s"),
        row("duration", ValueRules.DURATION, "300ms"),
        row("duration", ValueRules.DURATION, "10us"),
        row("duration", ValueRules.DURATION, "2\u00b5s"),
        row("duration", ValueRules.DURATION, "0"),
        row("list", ValueRules.COMMA_LIST, "t3.small"),
        row("list", ValueRules.COMMA_LIST, "t2.small,t2.medium,t3.large"),
        row("tags", ValueRules.TAGS, "key1=value1,key2=value2"),
        row("tags", ValueRules.TAGS, "owner="),
        row("tags", ValueRules.TAGS, "cost-center=peer pods"),
        row("port", ValueRules.PORT, "1"),
        row("port", ValueRules.PORT, "4789"),
        row("port", ValueRules.PORT, "65535"),
        row("boolean", ValueRules.BOOLEAN, "true"),
        row("boolean", ValueRules.BOOLEAN, "false"));
  }

  @ParameterizedTest(name = "{0} accepts \"{2}\"")
  @MethodSource("accepted")
  void accepts(String rule, ValueRule check, String value) {
    assertThat(check.problem(value)).isEmpty();
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        row("duration", ValueRules.DURATION, "5"),
        row("duration", ValueRules.DURATION, "5 m"),
        row("duration", ValueRules.DURATION, "1h 30m"),
        row("duration", ValueRules.DURATION, "+5m"),
        row("duration", ValueRules.DURATION, "5min"),
        row("duration", ValueRules.DURATION, "m"),
        row("duration", ValueRules.DURATION, "."),
        row("duration", ValueRules.DURATION, "5d"),
        row("list", ValueRules.COMMA_LIST, "a, b"),
        row("list", ValueRules.COMMA_LIST, ",a"),
        row("list", ValueRules.COMMA_LIST, "a,"),
        row("list", ValueRules.COMMA_LIST, " a"),
        row("tags", ValueRules.TAGS, "key1"),
        row("tags", ValueRules.TAGS, "=value"),
        row("tags", ValueRules.TAGS, "key1=value1,"),
        row("tags", ValueRules.TAGS, "key1=value1,key2"),
        row("tags", ValueRules.TAGS, "my key=value"),
        row("port", ValueRules.PORT, "0"),
        row("port", ValueRules.PORT, "65536"),
        row("port", ValueRules.PORT, "-1"),
        row("port", ValueRules.PORT, "9000/udp"),
        row("port", ValueRules.PORT, "99999999999"),
        row("boolean", ValueRules.BOOLEAN, "TRUE"),
        row("boolean", ValueRules.BOOLEAN, "1"),
        row("boolean", ValueRules.BOOLEAN, "yes"));
  }

  @ParameterizedTest(name = "{0} refuses \"{2}\"")
  @MethodSource("refused")
  void refuses(String rule, ValueRule check, String value) {
    assertThat(check.problem(value)).isPresent();
  }
}
