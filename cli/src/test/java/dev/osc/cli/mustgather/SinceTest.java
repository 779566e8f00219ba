package dev.osc.cli.mustgather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SinceTest {
  @ParameterizedTest
  @CsvSource({"30s, PT30S", "10m, PT10M", "1h, PT1H", "1h30m, PT1H30M", "2h5m7s, PT2H5M7S"})
  void acceptsDurationsAsOcWritesThem(String text, String expected) {
    assertThat(Since.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "m", "10d", "1h 30m", "-5m", "0s", "PT10M", "10mx"})
  void refusesAnythingElseNamingTheOption(String text) {
    assertThatThrownBy(() -> Since.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--since " + text + ": not a positive duration such as 30s, 10m or 1h30m");
  }
}
