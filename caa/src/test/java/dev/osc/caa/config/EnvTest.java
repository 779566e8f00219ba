package dev.osc.caa.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvTest {
  @ParameterizedTest
  @CsvSource({"5m, PT5M", "90s, PT1M30S", "1h30m, PT1H30M", "1.5s, PT1.5S", "250ms, PT0.25S",
      "0, PT0S"})
  void readsGoDurations(String value, String iso) {
    assertThat(new Env(Map.of("PROXY_TIMEOUT", value)).duration("PROXY_TIMEOUT", null))
        .isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @CsvSource({"5 minutes", "m5", "5", "5m3"})
  void namesTheKeyOfABadDuration(String value) {
    assertThatThrownBy(() -> new Env(Map.of("PROXY_TIMEOUT", value))
        .duration("PROXY_TIMEOUT", null))
        .hasMessage("PROXY_TIMEOUT: \"" + value + "\" is not a duration such as 5m, 90s or 1h30m");
  }

  @org.junit.jupiter.api.Test
  void readsListsPairsAndNumbers() {
    Env env = new Env(Map.of("TAGS", "team=pay,env=prod", "TYPES", "t3.small,t3.large",
        "LIMIT", "12", "BAD", "t3.small, t3.large", "NEG", "-1", "FLAG", "yes"));
    assertThat(env.pairs("TAGS")).containsExactly(Map.entry("team", "pay"),
        Map.entry("env", "prod"));
    assertThat(env.list("TYPES")).containsExactly("t3.small", "t3.large");
    assertThat(env.integer("LIMIT", 10, 0)).isEqualTo(12);
    assertThat(env.integer("MISSING", 10, 0)).isEqualTo(10);
    assertThatThrownBy(() -> env.list("BAD"))
        .hasMessage("BAD: \"t3.small, t3.large\" is not a comma-separated list without spaces");
    assertThatThrownBy(() -> env.integer("NEG", 10, 0)).hasMessage("NEG: -1 is less than 0");
    assertThatThrownBy(() -> env.bool("FLAG", false))
        .hasMessage("FLAG: \"yes\" is not true or false");
    assertThatThrownBy(() -> env.required("MISSING", "the node's name"))
        .hasMessage("MISSING is required (the node's name)");
  }
}
