package dev.osc.webhook;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed serving certificates for localhost (SAN localhost, 127.0.0.1), written the way issuers write them; also used by the e2e tests. */
public final class TestCerts {
  private TestCerts() {}

  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  public record Pair(X509Certificate certificate, KeyPair keys) {}

  /** How the key file is encoded. */
  public enum KeyFormat {
    /** "RSA PRIVATE KEY" or "EC PRIVATE KEY": what BouncyCastle, OpenSSL and most issuers write. */
    TRADITIONAL,
    /** "PRIVATE KEY". */
    PKCS8
  }

  /** {@code algorithm} "RSA" (2048 bits) or "EC" (P-256). */
  public static Pair selfSigned(String commonName, String algorithm) {
    try {
      KeyPairGenerator g;
      if (algorithm.equals("EC")) {
        // BouncyCastle's EC keys name their curve inside, as OpenSSL and Go write them; the
        // JDK's leave it to the PKCS#8 wrapper, so they make SEC1 files no reader can use.
        g = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        g.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
      }
      KeyPair keys = g.generateKeyPair();
      X500Name name = new X500Name("CN=" + commonName);
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
          BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
          Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      String signature = algorithm.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder(signature).build(keys.getPrivate())));
      return new Pair(cert, keys);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code key} is the private half of the certificate's key, whoever encoded it. */
  static boolean signsFor(PrivateKey key, X509Certificate certificate) {
    try {
      String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      Signature sign = Signature.getInstance(algorithm);
      sign.initSign(key);
      sign.update(new byte[] {1, 2, 3});
      Signature verify = Signature.getInstance(algorithm);
      verify.initVerify(certificate.getPublicKey());
      verify.update(new byte[] {1, 2, 3});
      return verify.verify(sign.sign());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  public static String certificatePem(Pair p) throws IOException {
    return pem(p.certificate());
  }

  static String keyPem(Pair p, KeyFormat format) throws IOException {
    return format == KeyFormat.PKCS8
        ? pem(new JcaPKCS8Generator(p.keys().getPrivate(), null).generate())
        : pem(p.keys().getPrivate());
  }

  /** Writes tls.crt and tls.key; each replaced at once, as kubelet does with a Secret. */
  public static void write(Path dir, Pair p, KeyFormat format) throws IOException {
    write(dir, certificatePem(p), keyPem(p, format));
  }

  static void write(Path dir, String certificatePem, String keyPem) throws IOException {
    Files.createDirectories(dir);
    replace(dir.resolve("tls.key"), keyPem);
    replace(dir.resolve("tls.crt"), certificatePem);
  }

  private static void replace(Path file, String content) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), ".tmp", "");
    Files.writeString(tmp, content, StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String pem(Object o) throws IOException {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      w.writeObject(o);
    }
    return s.toString();
  }

  /** A client TLS context trusting exactly these certificates. */
  static SSLContext trusting(String protocol, X509Certificate... certificates) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      for (int i = 0; i < certificates.length; i++) {
        trust.setCertificateEntry("c" + i, certificates[i]);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance(protocol);
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
