package dev.osc.caa.tls;

import dev.osc.tls.CertificateAuthority;
import dev.osc.tls.Identity;
import dev.osc.tls.Leaf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's CA for the forwarders' mutual TLS (ECDSA P-256). It is kept on disk so that an adaptor
 * restarted on the node still trusts, and is trusted by, the VMs it made before.
 */
public final class ForwarderCa {
  private static final Logger LOG = LoggerFactory.getLogger(ForwarderCa.class);
  public static final String CERT_FILE = "ca.crt";
  public static final String KEY_FILE = "ca.key";
  static final String ORGANIZATION = "agent-protocol-forwarder";
  static final Duration CA_LIFETIME = Duration.ofDays(3650);

  /** Pod VMs can live long; a forwarder's certificate cannot be renewed after boot. */
  static final Duration LEAF_LIFETIME = Duration.ofDays(3650);

  private final CertificateAuthority ca;

  private ForwarderCa(CertificateAuthority ca) {
    this.ca = ca;
  }

  /** A new CA, in memory only. */
  public static ForwarderCa create() {
    return new ForwarderCa(
        CertificateAuthority.create(
            "CN=" + ORGANIZATION + " CA, O=" + ORGANIZATION, CA_LIFETIME, Instant.now()));
  }

  /**
   * The CA kept in {@code dir} ({@value #CERT_FILE}, {@value #KEY_FILE}), made and stored there
   * (files 0600) on first use.
   */
  public static ForwarderCa loadOrCreate(Path dir) throws IOException {
    Path cert = dir.resolve(CERT_FILE);
    Path key = dir.resolve(KEY_FILE);
    if (Files.exists(cert) && Files.exists(key)) {
      try {
        ForwarderCa loaded =
            new ForwarderCa(
                new CertificateAuthority(
                    Identity.fromPem(Files.readString(cert), Files.readString(key))));
        LOG.info("forwarder CA loaded from {}", dir);
        return loaded;
      } catch (GeneralSecurityException e) {
        throw new IOException(
            "the forwarder CA in "
                + dir
                + " is unreadable: "
                + e.getMessage()
                + " (delete the files to make a new one; VMs made under the old CA become"
                + " unreachable)",
            e);
      }
    }
    ForwarderCa made = create();
    Files.createDirectories(dir);
    writePrivate(key, made.ca.identity().keyPem());
    writePrivate(cert, made.certificatePem());
    LOG.info("forwarder CA created in {}", dir);
    return made;
  }

  /** Writes to a temporary file made 0600 before anything is in it, then moves it in place. */
  private static void writePrivate(Path file, String content) throws IOException {
    Path tmp =
        Files.createTempFile(
            file.getParent(),
            file.getFileName().toString(),
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  public X509Certificate certificate() {
    return ca.certificate();
  }

  public String certificatePem() {
    return ca.identity().certificatePem();
  }

  /** A forwarder's certificate: CN and DNS name = {@code name}, the VM's instance name. */
  public Identity issueServer(String name) {
    return ca.issue(Leaf.server(name).validFor(LEAF_LIFETIME));
  }

  /** The adaptor's client certificate. */
  public Identity issueClient(String name) {
    return ca.issue(Leaf.client(name).validFor(LEAF_LIFETIME));
  }
}
