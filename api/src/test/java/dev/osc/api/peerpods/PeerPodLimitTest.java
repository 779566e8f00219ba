package dev.osc.api.peerpods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerPodLimitTest {

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(
      quoteCharacter = '\'',
      value = {"0, 0", "1, 1", "10, 10", "007, 7", "+5, 5", "' 5 ', 5", "2147483647, 2147483647"})
  void wholeNumbersFromZeroAreLimits(String text, int expected) {
    assertThat(PeerPodLimit.parse(text).value()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "ten         | '\"ten\": not a whole number'",
        "''          | '\"\": not a whole number'",
        "1e3         | '\"1e3\": not a whole number'",
        "2.5         | '\"2.5\": not a whole number'",
        "-1          | '\"-1\": at least 0'",
        "-99999999999 | '\"-99999999999\": at least 0'",
        "2147483648  | '\"2147483648\": at most 2147483647'",
      })
  void anythingElseIsRefusedWithTheReason(String text, String message) {
    assertThatThrownBy(() -> PeerPodLimit.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void theDefaultIsTen() {
    assertThat(PeerPodLimit.DEFAULT.value()).isEqualTo(10);
  }

  @Test
  void aNegativeLimitCannotBeBuilt() {
    assertThatThrownBy(() -> new PeerPodLimit(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
