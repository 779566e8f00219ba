package dev.osc.webhook;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM as serving Secrets hold it: a certificate chain, and a private key in the form the issuer
 * chose: PKCS#8 ("PRIVATE KEY"), PKCS#1 ("RSA PRIVATE KEY", OpenShift's service CA and
 * cert-manager's default) or SEC1 ("EC PRIVATE KEY", cert-manager's ECDSA). The JDK reads only
 * PKCS#8, so the other two are wrapped into it.
 */
final class Pem {
  private Pem() {}

  private static final Pattern KEY = Pattern.compile(
      "-----BEGIN ([A-Z ]*)PRIVATE KEY-----([A-Za-z0-9+/=\\s]*)-----END \\1PRIVATE KEY-----");
  private static final byte[] OID_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
      (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
  private static final byte[] OID_EC = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d,
      0x02, 0x01};
  private static final byte[] DER_NULL = {0x05, 0x00};
  private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

  static List<X509Certificate> certificates(byte[] pem) throws GeneralSecurityException {
    List<X509Certificate> chain = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem)).stream()
        .map(X509Certificate.class::cast).toList();
    if (chain.isEmpty()) {
      throw new GeneralSecurityException("no PEM certificate found");
    }
    return chain;
  }

  static PrivateKey privateKey(byte[] pem) throws GeneralSecurityException {
    Matcher m = KEY.matcher(new String(pem, StandardCharsets.US_ASCII));
    if (!m.find()) {
      throw new GeneralSecurityException("no PEM private key found (expected PRIVATE KEY,"
          + " RSA PRIVATE KEY or EC PRIVATE KEY)");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(2));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("the PEM private key is not valid base64");
    }
    return switch (m.group(1)) {
      case "" -> pkcs8(der, "RSA", "EC", "EdDSA");
      case "RSA " -> pkcs8(pkcs8(concat(OID_RSA, DER_NULL), der), "RSA");
      case "EC " -> pkcs8(pkcs8(concat(OID_EC, sec1Curve(der)), der), "EC");
      default -> throw new GeneralSecurityException(
          "unsupported PEM key type \"" + m.group(1) + "PRIVATE KEY\" (encrypted keys are not"
              + " supported)");
    };
  }

  private static PrivateKey pkcs8(byte[] der, String... algorithms)
      throws GeneralSecurityException {
    for (String algorithm : algorithms) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // Not this algorithm; PKCS#8 names it inside, but trying is simpler than parsing.
      }
    }
    throw new GeneralSecurityException("the PEM private key is not a readable "
        + String.join(", ", algorithms) + " key");
  }

  /** PrivateKeyInfo: version 0, the algorithm identifier, the key in its own format. */
  private static byte[] pkcs8(byte[] algorithm, byte[] key) {
    return tlv(0x30, concat(VERSION_0, tlv(0x30, algorithm), tlv(0x04, key)));
  }

  /** The curve OID of a SEC1 ECPrivateKey: its optional [0] parameters, needed by PKCS#8. */
  private static byte[] sec1Curve(byte[] sec1) throws GeneralSecurityException {
    Der outer = Der.read(sec1, 0);
    if (outer.tag != 0x30) {
      throw new GeneralSecurityException("the EC private key is not a DER sequence");
    }
    for (int at = outer.start; at < outer.end; ) {
      Der field = Der.read(sec1, at);
      if (field.tag == 0xa0) {
        return Arrays.copyOfRange(sec1, field.start, field.end);
      }
      at = field.end;
    }
    throw new GeneralSecurityException("the EC private key does not name its curve");
  }

  /** One DER element: its tag and where its contents are. */
  private record Der(int tag, int start, int end) {
    static Der read(byte[] b, int at) throws GeneralSecurityException {
      if (at + 2 > b.length) {
        throw new GeneralSecurityException("truncated DER in the private key");
      }
      int tag = b[at] & 0xff;
      int length = b[at + 1] & 0xff;
      int start = at + 2;
      if (length > 0x80 && length <= 0x84) {
        int bytes = length - 0x80;
        length = 0;
        for (int i = 0; i < bytes && start < b.length; i++) {
          length = (length << 8) | (b[start++] & 0xff);
        }
      } else if (length >= 0x80) {
        throw new GeneralSecurityException("unsupported DER length in the private key");
      }
      if (length < 0 || length > b.length - start) {
        throw new GeneralSecurityException("truncated DER in the private key");
      }
      return new Der(tag, start, start + length);
    }
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
