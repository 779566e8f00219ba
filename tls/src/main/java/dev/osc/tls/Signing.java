package dev.osc.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** The X.509 building both issuers share. */
final class Signing {
  private Signing() {}

  /** Valid from a little before now: the peer's clock may be behind ours. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private static final SecureRandom RANDOM = new SecureRandom();

  static X509Certificate ca(X500Principal name, KeyPair keys, Duration lifetime, Instant now) {
    try {
      JcaX509v3CertificateBuilder b = builder(name, name, keys.getPublic(), lifetime, now);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return sign(b, keys.getPrivate());
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot make the CA " + name + ": " + e.getMessage(), e);
    }
  }

  static X509Certificate leaf(
      Leaf leaf,
      X500Principal subject,
      PublicKey subjectKey,
      X500Principal issuer,
      PrivateKey issuerKey,
      Instant now) {
    try {
      JcaX509v3CertificateBuilder b = builder(issuer, subject, subjectKey, leaf.lifetime(), now);
      if (!leaf.names().isEmpty()) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                leaf.names().stream().map(Signing::alternativeName).toArray(GeneralName[]::new)));
      }
      // RSA key exchange (TLS 1.2) enciphers with the key; ECDHE and TLS 1.3 only sign.
      int usage =
          KeyUsage.digitalSignature
              | (subjectKey.getAlgorithm().equals("RSA") ? KeyUsage.keyEncipherment : 0);
      b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
      b.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              leaf.purpose() == Leaf.Purpose.SERVER
                  ? KeyPurposeId.id_kp_serverAuth
                  : KeyPurposeId.id_kp_clientAuth));
      return sign(b, issuerKey);
    } catch (CertIOException e) {
      throw new IllegalStateException(
          "cannot issue a certificate for " + leaf.commonName() + ": " + e.getMessage(), e);
    }
  }

  /** An IP literal (such as 127.0.0.1 for a local server) is an IP address name. */
  static GeneralName alternativeName(String name) {
    boolean ip = name.matches("[0-9.]+") || name.contains(":");
    return new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name);
  }

  private static JcaX509v3CertificateBuilder builder(
      X500Principal issuer, X500Principal subject, PublicKey key, Duration lifetime, Instant now) {
    // A positive serial of 64 random bits, as RFC 5280 asks (at most 20 octets, unpredictable).
    BigInteger serial = new BigInteger(64, RANDOM).setBit(63);
    return new JcaX509v3CertificateBuilder(
        issuer,
        serial,
        Date.from(now.minus(CLOCK_SKEW)),
        Date.from(now.plus(lifetime)),
        subject,
        key);
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              b.build(
                  new JcaContentSignerBuilder(KeyAlgorithm.signatureAlgorithm(key)).build(key)));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a certificate: " + e.getMessage(), e);
    }
  }
}
