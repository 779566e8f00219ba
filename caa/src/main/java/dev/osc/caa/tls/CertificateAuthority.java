package dev.osc.caa.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
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
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's CA for the forwarders' mutual TLS (ECDSA P-256). It is kept on disk so that an
 * adaptor restarted on the node still trusts, and is trusted by, the VMs it made before.
 */
public final class CertificateAuthority {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthority.class);
  public static final String CERT_FILE = "ca.crt";
  public static final String KEY_FILE = "ca.key";
  static final String ORGANIZATION = "agent-protocol-forwarder";
  static final Duration CA_LIFETIME = Duration.ofDays(3650);
  /** Pod VMs can live long; a forwarder's certificate cannot be renewed after boot. */
  static final Duration LEAF_LIFETIME = Duration.ofDays(3650);

  private final Identity ca;

  private CertificateAuthority(Identity ca) {
    this.ca = ca;
  }

  /** A new CA, in memory only. */
  public static CertificateAuthority create() {
    try {
      KeyPair keys = keys();
      X500Principal name = new X500Principal("CN=" + ORGANIZATION + " CA, O=" + ORGANIZATION);
      JcaX509v3CertificateBuilder b = builder(name, name, keys, CA_LIFETIME);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return new CertificateAuthority(new Identity(sign(b, keys.getPrivate()), keys.getPrivate()));
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create the forwarder CA: " + e.getMessage(), e);
    }
  }

  /**
   * The CA kept in {@code dir} ({@value #CERT_FILE}, {@value #KEY_FILE}), made and stored there
   * (files 0600) on first use.
   */
  public static CertificateAuthority loadOrCreate(Path dir) throws IOException {
    Path cert = dir.resolve(CERT_FILE);
    Path key = dir.resolve(KEY_FILE);
    if (Files.exists(cert) && Files.exists(key)) {
      try {
        CertificateAuthority loaded = new CertificateAuthority(new Identity(
            Pem.certificate(Files.readString(cert)), Pem.privateKey(Files.readString(key))));
        LOG.info("forwarder CA loaded from {}", dir);
        return loaded;
      } catch (GeneralSecurityException e) {
        throw new IOException("the forwarder CA in " + dir + " is unreadable: " + e.getMessage()
            + " (delete the files to make a new one; VMs made under the old CA become"
            + " unreachable)", e);
      }
    }
    CertificateAuthority made = create();
    Files.createDirectories(dir);
    writePrivate(key, made.ca.keyPem());
    writePrivate(cert, made.ca.certificatePem());
    LOG.info("forwarder CA created in {}", dir);
    return made;
  }

  /** Writes to a temporary file made 0600 before anything is in it, then moves it in place. */
  private static void writePrivate(Path file, String content) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  public X509Certificate certificate() {
    return ca.certificate();
  }

  public String certificatePem() {
    return ca.certificatePem();
  }

  /** A forwarder's certificate: CN and DNS name = {@code name}, the VM's instance name. */
  public Identity issueServer(String name) {
    return issue(name, KeyPurposeId.id_kp_serverAuth, true);
  }

  /** The adaptor's client certificate. */
  public Identity issueClient(String name) {
    return issue(name, KeyPurposeId.id_kp_clientAuth, false);
  }

  private Identity issue(String name, KeyPurposeId purpose, boolean dnsName) {
    try {
      KeyPair keys = keys();
      JcaX509v3CertificateBuilder b = builder(ca.certificate().getSubjectX500Principal(),
          new X500Principal("CN=" + name), keys, LEAF_LIFETIME);
      if (dnsName) {
        b.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(new GeneralName(GeneralName.dNSName, name)));
      }
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      return new Identity(sign(b, ca.key()), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue a certificate for " + name + ": "
          + e.getMessage(), e);
    }
  }

  private static JcaX509v3CertificateBuilder builder(X500Principal issuer, X500Principal subject,
      KeyPair keys, Duration lifetime) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(lifetime)), subject,
        keys.getPublic());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
  }

  private static KeyPair keys() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }
}
