package dev.osc.webhook;

import dev.osc.api.Names;
import dev.osc.tls.Identity;
import dev.osc.tls.Pem;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving certificate and key from a directory such as a mounted Secret ({@code tls.crt},
 * {@code tls.key}), read again when they change, without a restart: every TLS handshake compares
 * the files' modification time, size and identity with those it loaded (kubelet replaces a Secret
 * volume's files by a symlink swap, which changes their identity). A pair that cannot be read or
 * does not belong together leaves the previous one in use (the issuer may be between writing the
 * two files) and is tried again when the files change again.
 */
public final class ServingCertificate extends X509ExtendedKeyManager {
  private static final Logger LOG = LoggerFactory.getLogger(ServingCertificate.class);

  private record Stamp(FileTime modified, long size, Object identity) {}

  private record Stamps(Stamp cert, Stamp key) {}

  private record Loaded(String alias, Stamps stamps, PrivateKey key, X509Certificate[] chain) {}

  private final Path dir;
  private final Path certFile;
  private final Path keyFile;
  private final AtomicInteger generation = new AtomicInteger();
  private volatile Loaded current;

  /** A handshake that chose its alias just before a reload still finds its key. */
  private volatile Loaded previous;

  private volatile Stamps failed;

  private ServingCertificate(Path dir) {
    this.dir = dir;
    this.certFile = dir.resolve(Names.TLS_CERT_FILE);
    this.keyFile = dir.resolve(Names.TLS_KEY_FILE);
  }

  /** Loads the pair now; a missing or broken pair is an error here, at startup. */
  public static ServingCertificate load(Path dir) throws IOException {
    ServingCertificate sc = new ServingCertificate(dir);
    try {
      sc.current = sc.read(sc.stamps());
    } catch (IOException | GeneralSecurityException e) {
      throw new IOException(sc.cannotLoad(e), e);
    }
    return sc;
  }

  /** The certificate served now. */
  public X509Certificate certificate() {
    return current.chain()[0];
  }

  private String cannotLoad(Exception e) {
    return "cannot load the serving certificate from " + dir + ": " + e.getMessage();
  }

  private Stamps stamps() throws IOException {
    return new Stamps(stamp(certFile), stamp(keyFile));
  }

  private static Stamp stamp(Path file) throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
    } catch (NoSuchFileException e) {
      throw new IOException(file.getFileName() + " does not exist");
    }
  }

  /** Reads the files as they are now; {@code stamps} were taken before, so a change is seen. */
  private Loaded read(Stamps stamps) throws IOException, GeneralSecurityException {
    X509Certificate[] chain;
    PrivateKey key;
    try {
      chain = Pem.certificates(text(certFile)).toArray(X509Certificate[]::new);
    } catch (GeneralSecurityException e) {
      throw new GeneralSecurityException(Names.TLS_CERT_FILE + ": " + e.getMessage(), e);
    }
    try {
      key = Pem.privateKey(text(keyFile));
    } catch (GeneralSecurityException e) {
      throw new GeneralSecurityException(Names.TLS_KEY_FILE + ": " + e.getMessage(), e);
    }
    if (!Identity.matches(key, chain[0].getPublicKey())) {
      throw new GeneralSecurityException(
          Names.TLS_KEY_FILE + " is not the key of the" + " certificate in " + Names.TLS_CERT_FILE);
    }
    return new Loaded("serving-" + generation.incrementAndGet(), stamps, key, chain);
  }

  /** PEM is ASCII; other bytes become replacement characters, which no PEM reader accepts. */
  private static String text(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
  }

  private void reloadIfChanged() {
    Stamps now;
    try {
      now = stamps();
    } catch (IOException e) {
      return; // between the removal and the creation of a file: the next handshake looks again
    }
    if (now.equals(current.stamps()) || now.equals(failed)) {
      return;
    }
    synchronized (this) {
      if (now.equals(current.stamps()) || now.equals(failed)) {
        return;
      }
      try {
        Loaded next = read(now);
        previous = current;
        current = next;
        LOG.info(
            "Serving certificate reloaded from {}: {}, valid until {}",
            dir,
            next.chain()[0].getSubjectX500Principal(),
            next.chain()[0].getNotAfter().toInstant());
      } catch (IOException | GeneralSecurityException e) {
        failed = now;
        LOG.warn(
            "Serving certificate in {} not reloaded, still serving the previous one: {}",
            dir,
            e.getMessage());
      }
    }
  }

  private String alias(String keyType) {
    reloadIfChanged();
    Loaded c = current;
    return c.key().getAlgorithm().equals(keyType) ? c.alias() : null;
  }

  private Loaded byAlias(String alias) {
    Loaded c = current;
    if (c.alias().equals(alias)) {
      return c;
    }
    Loaded p = previous;
    return p != null && p.alias().equals(alias) ? p : null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return alias(keyType);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return alias(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = alias(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Loaded l = byAlias(alias);
    return l == null ? null : l.chain().clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Loaded l = byAlias(alias);
    return l == null ? null : l.key();
  }

  // A server key manager: it never authenticates as a client.

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return null;
  }
}
