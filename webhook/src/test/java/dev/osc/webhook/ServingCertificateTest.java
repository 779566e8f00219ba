package dev.osc.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.webhook.TestCerts.KeyFormat;
import dev.osc.webhook.TestCerts.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServingCertificateTest {
  private static final Pair EC_A = TestCerts.selfSigned("a", "EC");
  private static final Pair EC_B = TestCerts.selfSigned("b", "EC");

  @TempDir Path dir;

  /** What the JDK's TLS engine asks for in a handshake, and what it then gets. */
  private static X509Certificate served(ServingCertificate sc, String keyType) {
    String alias = sc.chooseEngineServerAlias(keyType, null, null);
    assertThat(alias).isNotNull();
    assertThat(sc.getPrivateKey(alias)).isNotNull();
    return sc.getCertificateChain(alias)[0];
  }

  static Stream<Arguments> keyFormats() {
    Pair rsa = TestCerts.selfSigned("rsa", "RSA");
    return Stream.of(
        Arguments.of("RSA PRIVATE KEY (PKCS#1)", rsa, KeyFormat.TRADITIONAL, "RSA"),
        Arguments.of("RSA in PRIVATE KEY (PKCS#8)", rsa, KeyFormat.PKCS8, "RSA"),
        Arguments.of("EC PRIVATE KEY (SEC1)", EC_A, KeyFormat.TRADITIONAL, "EC"),
        Arguments.of("EC in PRIVATE KEY (PKCS#8)", EC_A, KeyFormat.PKCS8, "EC"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keyFormats")
  void readsEveryKeyFormatIssuersWrite(String name, Pair pair, KeyFormat format, String keyType)
      throws IOException {
    assertThat(TestCerts.keyPem(pair, format)).startsWith(
        "-----BEGIN " + (format == KeyFormat.PKCS8 ? "" : keyType + " ") + "PRIVATE KEY-----");
    TestCerts.write(dir, pair, format);

    ServingCertificate sc = ServingCertificate.load(dir);

    assertThat(served(sc, keyType)).isEqualTo(pair.certificate());
    assertThat(TestCerts.signsFor(
        sc.getPrivateKey(sc.chooseEngineServerAlias(keyType, null, null)), pair.certificate()))
        .isTrue();
    assertThat(sc.chooseEngineServerAlias(keyType.equals("EC") ? "RSA" : "EC", null, null))
        .as("no alias for the other key type").isNull();
  }

  static Stream<Arguments> broken() throws IOException {
    String certA = TestCerts.certificatePem(EC_A);
    String keyA = TestCerts.keyPem(EC_A, KeyFormat.TRADITIONAL);
    String keyB = TestCerts.keyPem(EC_B, KeyFormat.TRADITIONAL);
    return Stream.of(
        Arguments.of("key of another certificate", certA, keyB,
            "tls.key is not the key of the certificate in tls.crt"),
        Arguments.of("no certificate", "hello", keyA, "tls.crt: "),
        Arguments.of("no key", certA, "hello", "tls.key: no PEM private key found"),
        Arguments.of("key not base64", certA,
            "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n", "tls.key: "),
        Arguments.of("truncated EC key", certA,
            "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI\n-----END EC PRIVATE KEY-----\n",
            "tls.key: "),
        Arguments.of("encrypted key", certA, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
            + "-----END ENCRYPTED PRIVATE KEY-----\n", "encrypted keys are not supported"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void brokenPairIsRefusedAtStartupNamingTheFile(String name, String cert, String key,
      String message) throws IOException {
    TestCerts.write(dir, cert, key);

    assertThatThrownBy(() -> ServingCertificate.load(dir))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot load the serving certificate from " + dir + ": ")
        .hasMessageContaining(message);
  }

  @Test
  void missingFilesAreNamed() {
    assertThatThrownBy(() -> ServingCertificate.load(dir))
        .hasMessage("cannot load the serving certificate from " + dir
            + ": tls.crt does not exist");
  }

  @Test
  void nextHandshakeServesTheNewPair() throws IOException {
    TestCerts.write(dir, EC_A, KeyFormat.TRADITIONAL);
    ServingCertificate sc = ServingCertificate.load(dir);
    assertThat(served(sc, "EC")).isEqualTo(EC_A.certificate());

    TestCerts.write(dir, EC_B, KeyFormat.PKCS8);

    assertThat(served(sc, "EC")).isEqualTo(EC_B.certificate());
    assertThat(sc.certificate()).isEqualTo(EC_B.certificate());
  }

  @Test
  void handshakeThatChoseBeforeAReloadStillGetsItsKey() throws IOException {
    TestCerts.write(dir, EC_A, KeyFormat.TRADITIONAL);
    ServingCertificate sc = ServingCertificate.load(dir);
    String before = sc.chooseEngineServerAlias("EC", null, null);

    TestCerts.write(dir, EC_B, KeyFormat.TRADITIONAL);
    served(sc, "EC");

    assertThat(sc.getCertificateChain(before)[0]).isEqualTo(EC_A.certificate());
    assertThat(TestCerts.signsFor(sc.getPrivateKey(before), EC_A.certificate())).isTrue();
  }

  @Test
  void halfWrittenPairKeepsThePreviousOneUntilComplete() throws IOException {
    TestCerts.write(dir, EC_A, KeyFormat.TRADITIONAL);
    ServingCertificate sc = ServingCertificate.load(dir);

    // The issuer has written the new certificate but not yet its key.
    TestCerts.write(dir, TestCerts.certificatePem(EC_B), TestCerts.keyPem(EC_A,
        KeyFormat.TRADITIONAL));
    assertThat(served(sc, "EC")).isEqualTo(EC_A.certificate());

    Files.delete(dir.resolve("tls.key"));
    assertThat(served(sc, "EC")).as("a file missing for a moment").isEqualTo(EC_A.certificate());

    TestCerts.write(dir, EC_B, KeyFormat.TRADITIONAL);
    assertThat(served(sc, "EC")).isEqualTo(EC_B.certificate());
  }
}
