package dev.osc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.initdata.InitdataAnnotation;
import dev.osc.initdata.Tee;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class InitdataCommandTest {
  private static final String DOCUMENT = "version = \"0.1.0\"\nalgorithm = \"sha256\"\n\n[data]\n";

  /** sha256sum of DOCUMENT. */
  private static final String SHA256 =
      "5fbba2d190b4c600dc48b80802559460ecae499f76f079e9ad2ebd4e3c7eb65f";

  private static final String ANNOTATION = InitdataAnnotation.NAME;

  @TempDir static Path dir;

  record Run(int exit, String out, String err) {}

  @Test
  void encodeThenDecodeGivesTheFileBack() throws Exception {
    Run encoded = osc("", "initdata", "encode", file(DOCUMENT));
    assertThat(encoded.exit()).isZero();
    assertThat(encoded.out()).startsWith("H4sI").endsWith("\n");

    Run decoded = osc("", "initdata", "decode", encoded.out().strip());
    assertThat(decoded).isEqualTo(new Run(0, DOCUMENT, ""));
    assertThat(osc(encoded.out(), "initdata", "decode", "-")).isEqualTo(decoded);
  }

  @Test
  void encodeAnnotationPrintsAManifestLine() throws Exception {
    Run plain = osc("", "initdata", "encode", file(DOCUMENT));
    Run annotation = osc("", "initdata", "encode", "--annotation", file(DOCUMENT));
    assertThat(annotation.out()).isEqualTo(ANNOTATION + ": " + plain.out());
  }

  @Test
  void digestPrintsHexOrTheTeesField() throws Exception {
    String file = file(DOCUMENT);
    assertThat(osc("", "initdata", "digest", file).out()).isEqualTo(SHA256 + "\n");
    assertThat(osc("", "initdata", "digest", "--tee", "tdx", file).out())
        .isEqualTo(SHA256 + "00".repeat(16) + "\n");
    assertThat(osc(DOCUMENT, "initdata", "digest", "--tee", "snp", "--base64", "-").out())
        .isEqualTo("X7ui0ZC0xgDcSLgIAlWUYOyuSZ928HnprS69Tjx+tl8=\n");
  }

  static Stream<Arguments> badInput() throws Exception {
    String bad = file("version = \"1\"\nalgorithm = \"sha256\"\n[data]\n");
    return Stream.of(
        Arguments.of(
            new String[] {"encode", bad},
            "osc initdata encode: " + bad + ": version: must be \"0.1.0\", not \"1\""),
        Arguments.of(
            new String[] {"encode", dir.resolve("none.toml").toString()},
            "osc initdata encode: " + dir.resolve("none.toml") + ": no such file"),
        Arguments.of(
            new String[] {"digest", "--tee", "tpm", file(DOCUMENT)},
            "osc initdata digest: --tee: \"tpm\" is not one of snp, tdx, cca, sgx, se"),
        Arguments.of(
            new String[] {"decode", "%%%"},
            "osc initdata decode: the "
                + ANNOTATION
                + " value is not base64: Illegal base64 character 25"),
        Arguments.of(
            new String[] {"decode", "dmVyc2lvbg=="},
            "osc initdata decode: the "
                + ANNOTATION
                + " value is not gzip: base64 of gzip starts with \"H4sI\"; was the TOML"
                + " base64-encoded without gzip?"),
        Arguments.of(
            new String[] {"decode", encodedWithoutValidation()},
            "osc initdata decode: the decoded document: algorithm: must be one of sha256,"
                + " sha384, sha512, not \"md5\""));
  }

  @ParameterizedTest
  @MethodSource("badInput")
  void badInputExitsTwoWithOneLineSayingWhatIsWrong(String[] args, String message) {
    String[] all = Stream.concat(Stream.of("initdata"), Stream.of(args)).toArray(String[]::new);
    assertThat(osc("", all)).isEqualTo(new Run(2, "", message + "\n"));
  }

  @Test
  void digestHelpListsEveryTeeWithItsFieldSize() {
    String help = osc("", "initdata", "digest", "--help").out();
    for (Tee tee : Tee.values()) {
      assertThat(help)
          .containsPattern(
              "  "
                  + tee.cliName()
                  + " +"
                  + tee.description()
                  + " "
                  + tee.field()
                  + ", "
                  + tee.fieldBytes()
                  + " bytes\n");
    }
  }

  private static String encodedWithoutValidation() {
    return InitdataAnnotation.encode(
        DOCUMENT.replace("sha256", "md5").getBytes(StandardCharsets.UTF_8));
  }

  private static String file(String content) throws Exception {
    Path file = Files.createTempFile(dir, "initdata", ".toml");
    Files.writeString(file, content);
    return file.toString();
  }

  private static Run osc(String stdin, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    InputStream in = System.in;
    ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
    ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      int exit = new CommandLine(new Osc()).execute(args);
      return new Run(
          exit,
          capturedOut.toString(StandardCharsets.UTF_8),
          capturedErr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
      System.setIn(in);
    }
  }
}
