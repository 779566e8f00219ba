package dev.osc.initdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InitdataDigestTest {
  /** sha256sum of InitdataTest.DEFAULT, by coreutils. */
  private static final String DEFAULT_SHA256 =
      "5fbba2d190b4c600dc48b80802559460ecae499f76f079e9ad2ebd4e3c7eb65f";

  /** sha512sum of InitdataTest.DEFAULT with algorithm = "sha512", by coreutils. */
  private static final String DEFAULT_SHA512 =
      "b2990822659a11d57c0bc2cc7219bc2468d507e4c9acb0e2203678ca198de3b8"
          + "06d4794f17ee976b41028b8735ea0dabb3b1b2742c20d7e944bcd8e9c92a0952";

  @Test
  void theTeeFieldSizesAreTheSpecs() {
    assertThat(Arrays.stream(Tee.values()).map(t -> t.cliName() + "=" + t.fieldBytes()))
        .containsExactly("snp=32", "tdx=48", "cca=64", "sgx=64", "se=256");
  }

  static Stream<Arguments> knownVectors() {
    String sha512Document = InitdataTest.DEFAULT.replace("sha256", "sha512");
    return Stream.of(
        Arguments.of(InitdataTest.DEFAULT, null, DEFAULT_SHA256),
        Arguments.of(InitdataTest.DEFAULT, Tee.SNP, DEFAULT_SHA256),
        Arguments.of(InitdataTest.DEFAULT, Tee.TDX, DEFAULT_SHA256 + "00".repeat(16)),
        Arguments.of(InitdataTest.DEFAULT, Tee.CCA, DEFAULT_SHA256 + "00".repeat(32)),
        Arguments.of(InitdataTest.DEFAULT, Tee.SE, DEFAULT_SHA256 + "00".repeat(224)),
        Arguments.of(sha512Document, null, DEFAULT_SHA512),
        Arguments.of(sha512Document, Tee.SNP, DEFAULT_SHA512.substring(0, 64)),
        Arguments.of(sha512Document, Tee.TDX, DEFAULT_SHA512.substring(0, 96)),
        Arguments.of(sha512Document, Tee.SGX, DEFAULT_SHA512));
  }

  @ParameterizedTest
  @MethodSource("knownVectors")
  void knownDigests(String document, Tee tee, String hex) {
    InitdataDigest digest = InitdataDigest.of(Initdata.parse(document));
    assertThat((tee == null ? digest : digest.forTee(tee)).hex()).isEqualTo(hex);
  }

  static Stream<Arguments> everyAlgorithmAndTee() {
    return Arrays.stream(InitdataAlgorithm.values())
        .flatMap(a -> Arrays.stream(Tee.values()).map(t -> Arguments.of(a, t)));
  }

  @ParameterizedTest
  @MethodSource("everyAlgorithmAndTee")
  void eachTeeGetsTheDigestZeroPaddedOrTruncatedToItsField(InitdataAlgorithm algorithm, Tee tee)
      throws Exception {
    String document = InitdataTest.TYPICAL.replace("sha384", algorithm.tomlName());
    byte[] full =
        MessageDigest.getInstance(algorithm.name().replace("SHA", "SHA-"))
            .digest(document.getBytes(StandardCharsets.UTF_8));
    byte[] expected = new byte[tee.fieldBytes()];
    System.arraycopy(full, 0, expected, 0, Math.min(full.length, expected.length));

    InitdataDigest digest = InitdataDigest.of(Initdata.parse(document));
    assertThat(digest.bytes()).isEqualTo(full);
    assertThat(digest.forTee(tee).bytes()).isEqualTo(expected);
    assertThat(digest.forTee(tee).hex()).isEqualTo(HexFormat.of().formatHex(expected));
    assertThat(digest.forTee(tee).base64()).isEqualTo(Base64.getEncoder().encodeToString(expected));
  }

  @Test
  void theDigestIsOverTheExactBytes() {
    String spaced = InitdataTest.DEFAULT.replace("version = ", "version  = ");
    Initdata a = Initdata.parse(InitdataTest.DEFAULT);
    Initdata b = Initdata.parse(spaced);
    assertThat(a.data()).isEqualTo(b.data());
    assertThat(a.algorithm()).isEqualTo(b.algorithm());
    assertThat(InitdataDigest.of(a).hex()).isNotEqualTo(InitdataDigest.of(b).hex());
  }

  @Test
  void theDigestOfADecodedAnnotationIsTheDigestOfTheFile() {
    byte[] file = InitdataTest.TYPICAL.getBytes(StandardCharsets.UTF_8);
    Initdata decoded = Initdata.parse(InitdataAnnotation.decode(InitdataAnnotation.encode(file)));
    assertThat(InitdataDigest.of(decoded).hex())
        .isEqualTo(InitdataDigest.of(Initdata.parse(file)).hex());
  }
}
