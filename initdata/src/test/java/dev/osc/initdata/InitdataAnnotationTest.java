package dev.osc.initdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class InitdataAnnotationTest {
  private static final String SUBJECT =
      "the io.katacontainers.config.hypervisor.cc_init_data value";

  /** `printf '<InitdataTest.DEFAULT>' | gzip -n -9 | base64 -w0`: made by other tools. */
  private static final String DEFAULT_BY_GZIP_AND_BASE64 =
      "H4sIAAAAAAACAytLLSrOzM9TsFVQMtAz1DNQ4krMSc8vyizJyAWJFWckGpmaKXFxRackliTGcgEAwFeFLC8AAAA=";

  @ParameterizedTest
  @ValueSource(strings = {"", InitdataTest.DEFAULT, InitdataTest.TYPICAL, "caf\u00e9 \u2603\r\n"})
  void roundTrips(String document) {
    byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
    String value = InitdataAnnotation.encode(bytes);
    assertThat(value).startsWith("H4sI").matches("[A-Za-z0-9+/]*=*");
    assertThat(InitdataAnnotation.decode(value)).isEqualTo(bytes);
  }

  @Test
  void decodesWhatGzipAndBase64Made() {
    assertThat(
            new String(
                InitdataAnnotation.decode(DEFAULT_BY_GZIP_AND_BASE64), StandardCharsets.UTF_8))
        .isEqualTo(InitdataTest.DEFAULT);
  }

  @Test
  void lineBreaksAreIgnoredAsByGo() {
    String wrapped =
        DEFAULT_BY_GZIP_AND_BASE64.substring(0, 40)
            + "\r\n"
            + DEFAULT_BY_GZIP_AND_BASE64.substring(40)
            + "\n";
    assertThat(InitdataAnnotation.decode(wrapped))
        .isEqualTo(InitdataTest.DEFAULT.getBytes(StandardCharsets.UTF_8));
  }

  static Stream<Arguments> badValues() {
    String plain =
        Base64.getEncoder().encodeToString(InitdataTest.DEFAULT.getBytes(StandardCharsets.UTF_8));
    return Stream.of(
        Arguments.of("not-base64!", SUBJECT + " is not base64: Illegal base64 character 2d"),
        Arguments.of(
            DEFAULT_BY_GZIP_AND_BASE64.replace("H4sI", "H4 sI"),
            SUBJECT + " is not base64: Illegal base64 character 20"),
        Arguments.of(
            plain,
            SUBJECT
                + " is not gzip: base64 of gzip starts with \"H4sI\";"
                + " was the TOML base64-encoded without gzip?"),
        Arguments.of(
            "",
            SUBJECT
                + " is not gzip: base64 of gzip starts with \"H4sI\";"
                + " was the TOML base64-encoded without gzip?"),
        Arguments.of(
            truncatedGzip(),
            SUBJECT + " is not valid gzip: " + "Unexpected end of ZLIB input stream"));
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void badValuesSayWhatIsWrong(String value, String message) {
    assertThatThrownBy(() -> InitdataAnnotation.decode(value))
        .isInstanceOf(InitdataException.class)
        .hasMessage(message);
  }

  @Test
  void aSmallValueCannotInflateWithoutBound() throws Exception {
    ByteArrayOutputStream gzip = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
      out.write(new byte[InitdataAnnotation.MAX_DOCUMENT_BYTES + 1]);
    }
    String value = Base64.getEncoder().encodeToString(gzip.toByteArray());
    assertThat(value.length()).isLessThan(InitdataAnnotation.KUBERNETES_ANNOTATIONS_LIMIT);
    assertThatThrownBy(() -> InitdataAnnotation.decode(value))
        .isInstanceOf(InitdataException.class)
        .hasMessage(SUBJECT + " decompresses to more than 16777216 bytes");
  }

  private static String truncatedGzip() {
    byte[] gzip = Base64.getDecoder().decode(DEFAULT_BY_GZIP_AND_BASE64);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(gzip, gzip.length - 12));
  }
}
