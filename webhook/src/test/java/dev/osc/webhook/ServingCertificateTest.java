package dev.osc.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.testkit.TestCerts;
import dev.osc.tls.Identity;
import dev.osc.tls.KeyAlgorithm;
import dev.osc.tls.KeyFormat;
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
  private static final Identity EC_A = TestCerts.selfSigned("a", KeyAlgorithm.EC_P256);
  private static final Identity EC_B = TestCerts.selfSigned("b", KeyAlgorithm.EC_P256);

  @TempDir Path dir;

  /** What the JDK's TLS engine asks for in a handshake, and what it then gets. */
  private static X509Certificate served(ServingCertificate sc, String keyType) {
    String alias = sc.chooseEngineServerAlias(keyType, null, null);
    assertThat(alias).isNotNull();
    assertThat(sc.getPrivateKey(alias)).isNotNull();
    return sc.getCertificateChain(alias)[0];
  }

  static Stream<Arguments> keyFormats() {
    Identity rsa = TestCerts.selfSigned("rsa", KeyAlgorithm.RSA_2048);
    return Stream.of(
        Arguments.of("RSA PRIVATE KEY (PKCS#1)", rsa, KeyFormat.PKCS1, "RSA"),
        Arguments.of("RSA in PRIVATE KEY (PKCS#8)", rsa, KeyFormat.PKCS8, "RSA"),
        Arguments.of("EC PRIVATE KEY (SEC1)", EC_A, KeyFormat.SEC1, "EC"),
        Arguments.of("EC in PRIVATE KEY (PKCS#8)", EC_A, KeyFormat.PKCS8, "EC"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keyFormats")
  void readsEveryKeyFormatIssuersWrite(String name, Identity pair, KeyFormat format, String keyType)
      throws IOException {
    assertThat(pair.keyPem(format)).startsWith("-----BEGIN " + format.label() + "-----");
    TestCerts.write(dir, pair, format);

    ServingCertificate sc = ServingCertificate.load(dir);

    assertThat(served(sc, keyType)).isEqualTo(pair.certificate());
    assertThat(
            Identity.matches(
                sc.getPrivateKey(sc.chooseEngineServerAlias(keyType, null, null)),
                pair.certificate().getPublicKey()))
        .isTrue();
    assertThat(sc.chooseEngineServerAlias(keyType.equals("EC") ? "RSA" : "EC", null, null))
        .as("no alias for the other key type")
        .isNull();
  }

  static Stream<Arguments> broken() throws IOException {
    String certA = EC_A.certificatePem();
    String keyA = EC_A.keyPem(KeyFormat.SEC1);
    String keyB = EC_B.keyPem(KeyFormat.SEC1);
    return Stream.of(
        Arguments.of(
            "key of another certificate",
            certA,
            keyB,
            "tls.key is not the key of the certificate in tls.crt"),
        Arguments.of("no certificate", "hello", keyA, "tls.crt: "),
        Arguments.of("no key", certA, "hello", "tls.key: no PEM private key found"),
        Arguments.of(
            "key not base64",
            certA,
            "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n",
            "tls.key: "),
        Arguments.of(
            "truncated EC key",
            certA,
            "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI\n-----END EC PRIVATE KEY-----\n",
            "tls.key: "),
        Arguments.of(
            "encrypted key",
            certA,
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n",
            "encrypted keys are not supported"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void brokenPairIsRefusedAtStartupNamingTheFile(
      String name, String cert, String key, String message) throws IOException {
    TestCerts.write(dir, cert, key);

    assertThatThrownBy(() -> ServingCertificate.load(dir))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot load the serving certificate from " + dir + ": ")
        .hasMessageContaining(message);
  }

  @Test
  void missingFilesAreNamed() {
    assertThatThrownBy(() -> ServingCertificate.load(dir))
        .hasMessage("cannot load the serving certificate from " + dir + ": tls.crt does not exist");
  }

  @Test
  void nextHandshakeServesTheNewPair() throws IOException {
    TestCerts.write(dir, EC_A, KeyFormat.SEC1);
    ServingCertificate sc = ServingCertificate.load(dir);
    assertThat(served(sc, "EC")).isEqualTo(EC_A.certificate());

    TestCerts.write(dir, EC_B, KeyFormat.PKCS8);

    assertThat(served(sc, "EC")).isEqualTo(EC_B.certificate());
    assertThat(sc.certificate()).isEqualTo(EC_B.certificate());
  }

  @Test
  void handshakeThatChoseBeforeAReloadStillGetsItsKey() throws IOException {
    TestCerts.write(dir, EC_A, KeyFormat.SEC1);
    ServingCertificate sc = ServingCertificate.load(dir);
    String before = sc.chooseEngineServerAlias("EC", null, null);

    TestCerts.write(dir, EC_B, KeyFormat.SEC1);
    served(sc, "EC");

    assertThat(sc.getCertificateChain(before)[0]).isEqualTo(EC_A.certificate());
    assertThat(Identity.matches(sc.getPrivateKey(before), EC_A.certificate().getPublicKey()))
        .isTrue();
  }

  @Test
  void halfWrittenPairKeepsThePreviousOneUntilComplete() throws IOException {
    TestCerts.write(dir, EC_A, KeyFormat.SEC1);
    ServingCertificate sc = ServingCertificate.load(dir);

    // The issuer has written the new certificate but not yet its key.
    TestCerts.write(dir, EC_B.certificatePem(), EC_A.keyPem(KeyFormat.SEC1));
    assertThat(served(sc, "EC")).isEqualTo(EC_A.certificate());

    Files.delete(dir.resolve("tls.key"));
    assertThat(served(sc, "EC")).as("a file missing for a moment").isEqualTo(EC_A.certificate());

    TestCerts.write(dir, EC_B, KeyFormat.SEC1);
    assertThat(served(sc, "EC")).isEqualTo(EC_B.certificate());
  }
}
