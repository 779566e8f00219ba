package dev.osc.initdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InitdataTest {
  /** Kata's tests' default-initdata.toml. */
  static final String DEFAULT = "version = \"0.1.0\"\nalgorithm = \"sha256\"\n\n[data]\n";

  /** Shaped like kata-types' test example: configs as multi-line literal strings. */
  static final String TYPICAL =
      """
      version = "0.1.0"
      algorithm = "sha384"

      [data]
      "aa.toml" = '''
      [token_configs]
      [token_configs.kbs]
      url = 'http://kbs.example:8080'
      '''
      "cdh.toml" = '''
      socket = 'unix:///run/guest-services/cdh.sock'
      [kbc]
      name = 'cc_kbc'
      url = 'http://kbs.example:8080'
      '''
      "policy.rego" = '''
      package agent_policy
      default AllowRequestsFailingPolicy := false
      '''
      """;

  @Test
  void theDefaultDocumentHasNoData() {
    Initdata initdata = Initdata.parse(DEFAULT);
    assertThat(initdata.algorithm()).isEqualTo(InitdataAlgorithm.SHA256);
    assertThat(initdata.data()).isEmpty();
  }

  @Test
  void dataKeepsEachValueAndTheDocumentOrder() {
    Initdata initdata = Initdata.parse(TYPICAL);
    assertThat(initdata.algorithm()).isEqualTo(InitdataAlgorithm.SHA384);
    assertThat(initdata.data()).containsOnlyKeys("aa.toml", "cdh.toml", "policy.rego");
    assertThat(initdata.data().keySet()).containsExactly("aa.toml", "cdh.toml", "policy.rego");
    assertThat(initdata.data().get("cdh.toml"))
        .startsWith("socket = 'unix:///run/guest-services/cdh.sock'\n")
        .contains("name = 'cc_kbc'");
  }

  @Test
  void theExactBytesAreKept() {
    byte[] bytes =
        ("# comment\n" + DEFAULT.replace(" = ", "=") + "\n\n").getBytes(StandardCharsets.UTF_8);
    Initdata initdata = Initdata.parse(bytes);
    assertThat(initdata.bytes()).isEqualTo(bytes);
    assertThat(initdata.text()).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
  }

  @Test
  void callersCannotChangeTheBytes() {
    byte[] bytes = DEFAULT.getBytes(StandardCharsets.UTF_8);
    Initdata initdata = Initdata.parse(bytes);
    bytes[0] = 'X';
    initdata.bytes()[1] = 'X';
    assertThat(initdata.text()).isEqualTo(DEFAULT);
  }

  static Stream<Arguments> badDocuments() {
    String data = "\n[data]\n";
    return Stream.of(
        Arguments.of(
            "version = \"0.2.0\"\nalgorithm = \"sha256\"" + data,
            "version: must be \"0.1.0\", not \"0.2.0\""),
        Arguments.of(
            "version = 0.1\nalgorithm = \"sha256\"" + data,
            "version: must be \"0.1.0\", not the float 0.1"),
        Arguments.of("algorithm = \"sha256\"" + data, "version: missing (must be \"0.1.0\")"),
        Arguments.of(
            "version = \"0.1.0\"\nalgorithm = \"sha-256\"" + data,
            "algorithm: must be one of sha256, sha384, sha512, not \"sha-256\""),
        Arguments.of(
            "version = \"0.1.0\"\nalgorithm = \"md5\"" + data,
            "algorithm: must be one of sha256, sha384, sha512, not \"md5\""),
        Arguments.of(
            "version = \"0.1.0\"\nalgorithm = 256" + data,
            "algorithm: must be one of sha256, sha384, sha512, not the integer 256"),
        Arguments.of(
            "version = \"0.1.0\"" + data, "algorithm: missing (one of sha256, sha384, sha512)"),
        Arguments.of(
            "version = \"0.1.0\"\nalgorithm = \"sha256\"\n",
            "data: missing (an empty [data] table will do)"),
        Arguments.of(
            "version = \"0.1.0\"\nalgorithm = \"sha256\"\ndata = \"x\"\n",
            "data: must be a table of strings, not \"x\""),
        Arguments.of(
            "version = \"0.1.0\"\nalgorithm = \"sha256\"" + data + "n = 1\n",
            "data.\"n\": must be a string, not the integer 1"),
        Arguments.of(
            "version = \"0.1.0\"\nalgorithm = \"sha256\"" + data + "b = true\n",
            "data.\"b\": must be a string, not the boolean true"),
        Arguments.of(
            "version = \"0.1.0\"\nalgorithm = \"sha256\"" + data + "d = 1979-05-27\n",
            "data.\"d\": must be a string, not a date/time"),
        Arguments.of(
            "version = \"0.1.0\"\nalgorithm = \"sha256\"" + data + "[data.t]\n",
            "data.\"t\": must be a string, not a table"),
        Arguments.of(
            "version = \"0.1.0\"\nalgorithm = \"sha256\"" + data + "a = ['x']\n",
            "data.\"a\": must be a string, not an array"),
        Arguments.of(
            "version = \"0.1.0\"\nalgorithm = \"sha256\"\nextra = 1" + data,
            "unknown top-level key extra (allowed: version, algorithm, data)"),
        Arguments.of(
            "a = 1\nversion = \"0.1.0\"\nalgorithm = \"sha256\"\nb = 2" + data,
            "unknown top-level keys a, b (allowed: version, algorithm, data)"));
  }

  @ParameterizedTest
  @MethodSource("badDocuments")
  void eachProblemNamesItsFieldAndReason(String document, String message) {
    assertThatThrownBy(() -> Initdata.parse(document))
        .isInstanceOf(InitdataException.class)
        .hasMessage(message);
  }

  @Test
  void allProblemsAreReportedAtOnce() {
    assertThatThrownBy(() -> Initdata.parse("version = \"1\"\nalgorithm = \"md5\"\n"))
        .isInstanceOfSatisfying(
            InitdataException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "version: must be \"0.1.0\", not \"1\"",
                        "algorithm: must be one of sha256, sha384, sha512, not \"md5\"",
                        "data: missing (an empty [data] table will do)"));
  }

  static Stream<Arguments> notToml() {
    return Stream.of(
        Arguments.of("version = \"0.1.0\"\nalgorithm = sha256\n", "line 2, column "),
        // Jackson reports where it stopped: after the duplicate pair; at the end of the file
        Arguments.of(
            "version = \"0.1.0\"\nversion = \"0.1.0\"\n", "line 3, column 1: Duplicate key"),
        Arguments.of(
            "version = \"0.1.0\"\n\n[data]\n\"aa.toml\" = '''unclosed\n",
            "line 5, column 1: Premature end of file"));
  }

  @ParameterizedTest
  @MethodSource("notToml")
  void tomlErrorsSayWhere(String document, String where) {
    assertThatThrownBy(() -> Initdata.parse(document))
        .isInstanceOf(InitdataException.class)
        .hasMessageStartingWith("not valid TOML: " + where);
  }

  @Test
  void theDocumentMustBeUtf8() {
    byte[] latin1 = (DEFAULT + "k = \"caf\u00e9\"\n").getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> Initdata.parse(latin1))
        .isInstanceOf(InitdataException.class)
        .hasMessage("not UTF-8 text (TOML must be UTF-8)");
  }
}
