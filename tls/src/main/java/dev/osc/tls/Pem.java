package dev.osc.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * PEM in and out: certificate chains, and private keys in every format issuers write ({@link
 * KeyFormat}). Errors never quote the text: it may be a private key.
 */
public final class Pem {
  private Pem() {}

  private static final String KEY_LABELS = "PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY";

  /** Every certificate in the text, leaf first as chains are written. */
  public static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
    List<X509Certificate> chain =
        CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
            .stream()
            .map(X509Certificate.class::cast)
            .toList();
    if (chain.isEmpty()) {
      throw new GeneralSecurityException("no PEM certificate found");
    }
    return chain;
  }

  /** The first certificate in the text. */
  public static X509Certificate certificate(String pem) throws GeneralSecurityException {
    return certificates(pem).get(0);
  }

  /** The first private key in the text, in any {@link KeyFormat}; other blocks are skipped. */
  public static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    try (PemReader reader = new PemReader(new StringReader(pem))) {
      for (PemObject o = reader.readPemObject(); o != null; o = reader.readPemObject()) {
        if (o.getType().equals("ENCRYPTED PRIVATE KEY") || procTypeEncrypted(o)) {
          throw new GeneralSecurityException(
              "the PEM private key is encrypted (encrypted keys" + " are not supported)");
        }
        PrivateKeyInfo info =
            switch (o.getType()) {
              case "PRIVATE KEY" -> PrivateKeyInfo.getInstance(o.getContent());
              case "RSA PRIVATE KEY" ->
                  new PrivateKeyInfo(
                      new AlgorithmIdentifier(
                          PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                      RSAPrivateKey.getInstance(o.getContent()));
              case "EC PRIVATE KEY" -> sec1Info(o.getContent());
              default -> null; // a certificate, parameters: not the key
            };
        if (info != null) {
          return new JcaPEMKeyConverter().getPrivateKey(info);
        }
      }
    } catch (IOException | RuntimeException e) {
      // BouncyCastle's wording can carry decoded bytes: only say what kind of text it was.
      throw new GeneralSecurityException(
          "the PEM private key is malformed (expected valid " + KEY_LABELS + ")");
    }
    throw new GeneralSecurityException("no PEM private key found (expected " + KEY_LABELS + ")");
  }

  /** OpenSSL's legacy encryption of PKCS#1 and SEC1 keys: a {@code Proc-Type} header. */
  private static boolean procTypeEncrypted(PemObject o) {
    for (Object header : o.getHeaders()) {
      PemHeader h = (PemHeader) header;
      if (h.getName().equals("Proc-Type") && h.getValue().contains("ENCRYPTED")) {
        return true;
      }
    }
    return false;
  }

  /** SEC1 wrapped into PKCS#8, which needs the curve the SEC1 key names in its parameters. */
  private static PrivateKeyInfo sec1Info(byte[] der) throws IOException, GeneralSecurityException {
    var sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(der);
    if (sec1.getParametersObject() == null) {
      throw new GeneralSecurityException("the EC PRIVATE KEY does not name its curve");
    }
    return new PrivateKeyInfo(
        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, sec1.getParametersObject()),
        sec1);
  }

  public static String write(X509Certificate... chain) {
    return write(List.of(chain));
  }

  public static String write(List<X509Certificate> chain) {
    StringBuilder s = new StringBuilder();
    for (X509Certificate c : chain) {
      try {
        s.append(block("CERTIFICATE", c.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException("cannot encode a certificate", e);
      }
    }
    return s.toString();
  }

  /** PKCS#8, unencrypted. */
  public static String write(PrivateKey key) {
    return write(key, KeyFormat.PKCS8);
  }

  /**
   * The key in {@code format}: PKCS#1 only for RSA keys, SEC1 only for EC keys. A SEC1 key always
   * names its curve (the JDK's encoding leaves that to the PKCS#8 wrapper, and without it no reader
   * can use the key).
   */
  public static String write(PrivateKey key, KeyFormat format) {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException(
          "a "
              + key.getAlgorithm()
              + " key encoded as "
              + key.getFormat()
              + " cannot be written as PEM");
    }
    byte[] pkcs8 = key.getEncoded();
    try {
      return switch (format) {
        case PKCS8 -> block(format.label(), pkcs8);
        case PKCS1 -> {
          requireAlgorithm(key, "RSA", format);
          yield block(
              format.label(),
              PrivateKeyInfo.getInstance(pkcs8)
                  .parsePrivateKey()
                  .toASN1Primitive()
                  .getEncoded(ASN1Encoding.DER));
        }
        case SEC1 -> {
          requireAlgorithm(key, "EC", format);
          yield block(format.label(), sec1((ECPrivateKey) key, PrivateKeyInfo.getInstance(pkcs8)));
        }
      };
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a private key", e);
    }
  }

  private static byte[] sec1(ECPrivateKey key, PrivateKeyInfo info) throws IOException {
    var inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
    if (inner.getParametersObject() == null) {
      BigInteger order = key.getParams().getOrder();
      inner =
          new org.bouncycastle.asn1.sec.ECPrivateKey(
              order.bitLength(),
              inner.getKey(),
              inner.getPublicKey(),
              info.getPrivateKeyAlgorithm().getParameters());
    }
    return inner.getEncoded(ASN1Encoding.DER);
  }

  private static void requireAlgorithm(PrivateKey key, String algorithm, KeyFormat format) {
    if (!key.getAlgorithm().equals(algorithm)) {
      throw new IllegalArgumentException(
          format.label() + " holds " + algorithm + " keys, not " + key.getAlgorithm());
    }
  }

  private static String block(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }
}
