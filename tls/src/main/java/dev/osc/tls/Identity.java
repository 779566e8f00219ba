package dev.osc.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate (with the chain up to its issuer, when there is one) and its private key. {@link
 * #toString()} leaves the key out, for logs.
 */
public record Identity(List<X509Certificate> chain, PrivateKey key) {
  private static final byte[] PROBE = "osc key check".getBytes(StandardCharsets.US_ASCII);

  public Identity {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("an identity needs a certificate");
    }
    Objects.requireNonNull(key, "key");
  }

  public Identity(X509Certificate certificate, PrivateKey key) {
    this(List.of(certificate), key);
  }

  /** Reads a certificate chain and a key, in any {@link KeyFormat}, that must belong together. */
  public static Identity fromPem(String chainPem, String keyPem) throws GeneralSecurityException {
    List<X509Certificate> chain = Pem.certificates(chainPem);
    PrivateKey key = Pem.privateKey(keyPem);
    if (!matches(key, chain.get(0).getPublicKey())) {
      throw new GeneralSecurityException("the private key is not the certificate's key");
    }
    return new Identity(chain, key);
  }

  /** The certificate itself, the chain's first. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** The chain as PEM. */
  public String certificatePem() {
    return Pem.write(chain);
  }

  /** The key as PKCS#8 PEM. */
  public String keyPem() {
    return Pem.write(key);
  }

  public String keyPem(KeyFormat format) {
    return Pem.write(key, format);
  }

  /** Whether {@code key} is the private half of {@code publicKey}: it signs what that verifies. */
  public static boolean matches(PrivateKey key, PublicKey publicKey) {
    try {
      String algorithm = KeyAlgorithm.signatureAlgorithm(key);
      Signature sign = Signature.getInstance(algorithm);
      sign.initSign(key);
      sign.update(PROBE);
      Signature verify = Signature.getInstance(algorithm);
      verify.initVerify(publicKey);
      verify.update(PROBE);
      return verify.verify(sign.sign());
    } catch (GeneralSecurityException e) {
      return false; // keys of different types, or one the JDK cannot use
    }
  }

  @Override
  public String toString() {
    return "Identity[" + certificate().getSubjectX500Principal().getName() + "]";
  }
}
