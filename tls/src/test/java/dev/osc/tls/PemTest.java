package dev.osc.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** PEM in every key format issuers write, read back; ours read by openssl. */
class PemTest {
  @TempDir Path dir;

  static Stream<Arguments> ourFormats() {
    return Stream.of(
        Arguments.of(KeyAlgorithm.RSA_2048, KeyFormat.PKCS8, "RSA"),
        Arguments.of(KeyAlgorithm.RSA_2048, KeyFormat.PKCS1, "RSA"),
        Arguments.of(KeyAlgorithm.EC_P256, KeyFormat.PKCS8, "EC"),
        Arguments.of(KeyAlgorithm.EC_P256, KeyFormat.SEC1, "EC"));
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("ourFormats")
  void writesEachFormatUnderItsLabelAndReadsItBack(
      KeyAlgorithm algorithm, KeyFormat format, String jca) throws Exception {
    KeyPair keys = algorithm.generate();
    String pem = Pem.write(keys.getPrivate(), format);

    assertThat(pem)
        .startsWith("-----BEGIN " + format.label() + "-----\n")
        .endsWith("-----END " + format.label() + "-----\n");
    PrivateKey read = Pem.privateKey(pem);
    assertThat(read.getAlgorithm()).isEqualTo(jca);
    assertThat(Identity.matches(read, keys.getPublic())).isTrue();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("ourFormats")
  void opensslReadsWhatWeWrite(KeyAlgorithm algorithm, KeyFormat format, String jca)
      throws Exception {
    Openssl.assumePresent();
    KeyPair keys = algorithm.generate();
    Files.writeString(dir.resolve("key.pem"), Pem.write(keys.getPrivate(), format));

    assertThat(Openssl.publicKey(dir, "key.pem", jca)).isEqualTo(keys.getPublic());
  }

  /** What openssl 3 writes by default and on request: the formats issuers use. */
  static Stream<Arguments> opensslKeys() {
    return Stream.of(
        Arguments.of(
            "RSA, PKCS#8",
            "PRIVATE KEY",
            "RSA",
            List.of("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048")),
        Arguments.of(
            "RSA, PKCS#1", "RSA PRIVATE KEY", "RSA", List.of("genrsa", "-traditional", "2048")),
        Arguments.of(
            "EC P-256, PKCS#8",
            "PRIVATE KEY",
            "EC",
            List.of("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256")),
        Arguments.of(
            "EC P-256, SEC1",
            "EC PRIVATE KEY",
            "EC",
            List.of("ecparam", "-name", "prime256v1", "-genkey", "-noout")),
        Arguments.of(
            "EC P-384, SEC1",
            "EC PRIVATE KEY",
            "EC",
            List.of("ecparam", "-name", "secp384r1", "-genkey", "-noout")),
        Arguments.of(
            "Ed25519, PKCS#8",
            "PRIVATE KEY",
            "Ed25519",
            List.of("genpkey", "-algorithm", "ed25519")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("opensslKeys")
  void readsWhatOpensslWrites(String name, String label, String jca, List<String> command)
      throws Exception {
    Openssl.assumePresent();
    String pem = Openssl.run(dir, command.toArray(String[]::new));
    Files.writeString(dir.resolve("key.pem"), pem);
    assertThat(pem).startsWith("-----BEGIN " + label + "-----");

    PrivateKey read = Pem.privateKey(pem);

    assertThat(Identity.matches(read, Openssl.publicKey(dir, "key.pem", jca))).isTrue();
  }

  /** BouncyCastle's PEM writer, which cert-manager's Java peers and older tools use. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("bouncyCastleKeys")
  void readsWhatBouncyCastleWrites(String name, KeyPair keys, String label) throws Exception {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      w.writeObject(keys.getPrivate());
    }
    assertThat(s.toString()).startsWith("-----BEGIN " + label + "-----");

    assertThat(Identity.matches(Pem.privateKey(s.toString()), keys.getPublic())).isTrue();
  }

  static Stream<Arguments> bouncyCastleKeys() throws GeneralSecurityException {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    return Stream.of(
        Arguments.of("RSA", KeyAlgorithm.RSA_2048.generate(), "RSA PRIVATE KEY"),
        Arguments.of("EC", ec.generateKeyPair(), "EC PRIVATE KEY"));
  }

  @Test
  void chainsAreReadLeafFirstAndOpensslVerifiesWhatWeIssue() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("CN=test-ca, O=osc");
    Identity leaf = ca.issue(Leaf.server("svc.ns.svc", "127.0.0.1"));
    Identity withChain = new Identity(List.of(leaf.certificate(), ca.certificate()), leaf.key());

    List<X509Certificate> read = Pem.certificates(withChain.certificatePem());

    assertThat(read).containsExactly(leaf.certificate(), ca.certificate());
    assertThat(Pem.certificate(withChain.certificatePem())).isEqualTo(leaf.certificate());
    Openssl.assumePresent();
    Files.writeString(dir.resolve("ca.pem"), Pem.write(ca.certificate()));
    Files.writeString(dir.resolve("leaf.pem"), leaf.certificatePem());
    assertThat(Openssl.run(dir, "verify", "-purpose", "sslserver", "-CAfile", "ca.pem", "leaf.pem"))
        .contains("leaf.pem: OK");
  }

  static Stream<Arguments> unreadableKeys() {
    return Stream.of(
        Arguments.of("no PEM at all", "hello", "no PEM private key found"),
        Arguments.of(
            "only a certificate",
            Pem.write(Leaf.server("x").selfSigned().certificate()),
            "no PEM private key found"),
        Arguments.of(
            "not base64",
            "-----BEGIN PRIVATE KEY-----\n!!!!\n" + "-----END PRIVATE KEY-----\n",
            "the PEM private key is malformed"),
        Arguments.of(
            "truncated SEC1",
            "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI\n" + "-----END EC PRIVATE KEY-----\n",
            "the PEM private key is malformed"),
        Arguments.of(
            "PKCS#8, encrypted",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + "MIGHMCMGCiqGSIb3DQEMAQMwFQQQAAAAAAAAAAAAAAAAAAAAAAIBAQRgAAAA\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n",
            "encrypted keys are not supported"),
        Arguments.of(
            "PKCS#1, encrypted",
            "-----BEGIN RSA PRIVATE KEY-----\n"
                + "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\n"
                + "AAAA\n-----END RSA PRIVATE KEY-----\n",
            "encrypted keys are not supported"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadableKeys")
  void unreadableKeysAreRefusedWithoutQuotingThem(String name, String pem, String message) {
    assertThatThrownBy(() -> Pem.privateKey(pem))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining(message)
        .hasMessageNotContaining("AAAA")
        .hasMessageNotContaining("MHcCAQEEI");
  }

  @Test
  void noCertificateIsAnError() {
    assertThatThrownBy(() -> Pem.certificates("")).hasMessage("no PEM certificate found");
  }

  @Test
  void aFormatForAnotherAlgorithmIsRefused() {
    PrivateKey ec = KeyAlgorithm.EC_P256.generate().getPrivate();
    assertThatThrownBy(() -> Pem.write(ec, KeyFormat.PKCS1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RSA PRIVATE KEY holds RSA keys, not EC");
  }
}
