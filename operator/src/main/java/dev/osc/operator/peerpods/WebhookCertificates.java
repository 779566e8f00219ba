package dev.osc.operator.peerpods;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The webhook's own CA and serving certificate, kept in a Secret (tls.crt, tls.key, ca.crt) when
 * no certificate manager provides one. The serving certificate is renewed well before it
 * expires (a third of its life left) under the same CA, so the webhook configurations' caBundle
 * stays valid and the server picks the new files up without a restart.
 */
public final class WebhookCertificates {
  private WebhookCertificates() {}

  public static final String CA = "ca.crt";
  public static final String CERT = "tls.crt";
  public static final String KEY = "tls.key";
  public static final String CA_KEY = "ca.key";
  static final Duration CA_LIFETIME = Duration.ofDays(3650);
  static final Duration SERVING_LIFETIME = Duration.ofDays(90);

  /** The DNS names the API server uses to reach the webhook Service. */
  public static List<String> dnsNames(String service, String namespace) {
    return List.of(service + "." + namespace + ".svc",
        service + "." + namespace + ".svc.cluster.local");
  }

  /** Whether the Secret's data can keep serving: present, matching names, not near expiry. */
  public static boolean usable(Map<String, String> pem, List<String> names, Instant now) {
    if (pem == null || !pem.keySet().containsAll(List.of(CA, CERT, KEY, CA_KEY))) {
      return false;
    }
    try {
      X509Certificate cert = parse(pem.get(CERT));
      Duration life = Duration.between(cert.getNotBefore().toInstant(),
          cert.getNotAfter().toInstant());
      Instant renewAt = cert.getNotAfter().toInstant().minus(life.dividedBy(3));
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      List<String> dns = sans == null ? List.of()
          : sans.stream().filter(s -> (Integer) s.get(0) == 2).map(s -> (String) s.get(1))
              .toList();
      return now.isBefore(renewAt) && dns.containsAll(names);
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * New PEM data: a serving certificate for {@code names} (DNS names or IP addresses), signed by the CA in {@code previous}
   * when that CA is still good, else by a new CA.
   */
  public static Map<String, String> issue(Map<String, String> previous, List<String> names,
      Instant now) {
    try {
      String caPem = previous == null ? null : previous.get(CA);
      String caKeyPem = previous == null ? null : previous.get(CA_KEY);
      KeyPair caKeys;
      X509Certificate ca;
      if (caPem != null && caKeyPem != null && parse(caPem).getNotAfter().toInstant()
          .isAfter(now.plus(SERVING_LIFETIME))) {
        ca = parse(caPem);
        caKeys = new KeyPair(ca.getPublicKey(), Pem.privateKey(caKeyPem));
      } else {
        caKeys = keys();
        X500Name caName = new X500Name("CN=sandboxed-containers-webhook-ca");
        JcaX509v3CertificateBuilder b = builder(caName, caName, caKeys, now, CA_LIFETIME);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true,
            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        ca = sign(b, caKeys);
        caKeyPem = pem(new JcaPKCS8Generator(caKeys.getPrivate(), null).generate());
      }
      KeyPair serving = keys();
      JcaX509v3CertificateBuilder b = builder(new X500Name("CN=sandboxed-containers-webhook-ca"),
          new X500Name("CN=" + names.get(0)), serving, now, SERVING_LIFETIME);
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.stream()
          .map(WebhookCertificates::subjectAltName).toArray(GeneralName[]::new)));
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      X509Certificate cert = sign(b, caKeys);
      return Map.of(CA, pem(ca), CA_KEY, caKeyPem, CERT, pem(cert),
          KEY, pem(new JcaPKCS8Generator(serving.getPrivate(), null).generate()));
    } catch (Exception e) {
      throw new IllegalStateException("cannot issue the webhook certificate: " + e.getMessage(),
          e);
    }
  }

  /** An IP literal (such as 127.0.0.1 for a local benchmark) is an IP address name. */
  private static GeneralName subjectAltName(String name) {
    boolean ip = name.matches("[0-9.]+") || name.contains(":");
    return new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name);
  }

  private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject,
      KeyPair keys, Instant now, Duration lifetime) {
    return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(lifetime)), subject,
        keys.getPublic());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair signer)
      throws Exception {
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
  }

  private static KeyPair keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  static X509Certificate parse(String pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
        new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String pem(Object o) throws IOException {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      w.writeObject(o);
    }
    return s.toString();
  }

  /** PKCS#8 private keys from PEM. */
  static final class Pem {
    private Pem() {}

    static java.security.PrivateKey privateKey(String pem) throws Exception {
      String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return java.security.KeyFactory.getInstance("EC").generatePrivate(
          new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder()
              .decode(base64)));
    }
  }
}
