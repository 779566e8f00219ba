package dev.osc.cli.mustgather;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {
  private static final Redactor SECRETS =
      Redactor.none()
          .hiding(
              List.of(
                  "wJalrXUtnFEMI/K7MDENG", "AKIAIOSFODNN7", "abc", "line-one-val\nline-two-val"));

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "key: wJalrXUtnFEMI/K7MDENG | key: <redacted>",
        "a AKIAIOSFODNN7 b AKIAIOSFODNN7 | a <redacted> b <redacted>",
        // longer values win, so no tail of one survives
        "AKIAIOSFODNN7wJalrXUtnFEMI/K7MDENG | <redacted><redacted>",
        // values too short to be credentials stay, or nothing would be readable
        "abc def | abc def",
        "first: line-one-val | first: <redacted>",
        "nothing secret here | nothing secret here"
      })
  void hidesKnownValues(String text, String expected) {
    assertThat(SECRETS.redact(text)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void hidesBase64FormsToo() {
    String b64 =
        Base64.getEncoder()
            .encodeToString("wJalrXUtnFEMI/K7MDENG".getBytes(StandardCharsets.UTF_8));
    assertThat(SECRETS.redact("data: " + b64)).isEqualTo("data: <redacted>");
  }

  @org.junit.jupiter.api.Test
  void noneChangesNothing() {
    assertThat(Redactor.none().redact("AKIAIOSFODNN7")).isEqualTo("AKIAIOSFODNN7");
  }
}
