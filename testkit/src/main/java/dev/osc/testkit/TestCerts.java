package dev.osc.testkit;

import dev.osc.tls.Identity;
import dev.osc.tls.KeyAlgorithm;
import dev.osc.tls.KeyFormat;
import dev.osc.tls.Leaf;
import dev.osc.tls.TlsContexts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Self-signed serving certificates for a server on loopback (SAN localhost, 127.0.0.1), written
 * into a directory the way kubelet updates a mounted Secret.
 */
public final class TestCerts {
  private TestCerts() {}

  /** A day: the tests that use one end long before. */
  private static final Duration LIFETIME = Duration.ofDays(1);

  /** Named {@code CN=commonName}, serving localhost and 127.0.0.1. */
  public static Identity selfSigned(String commonName, KeyAlgorithm algorithm) {
    return new Leaf(
            commonName, List.of("localhost", "127.0.0.1"), Leaf.Purpose.SERVER, LIFETIME, algorithm)
        .selfSigned();
  }

  /** Writes tls.crt and tls.key; each replaced at once, as kubelet does with a Secret. */
  public static void write(Path dir, Identity identity, KeyFormat format) throws IOException {
    write(dir, identity.certificatePem(), identity.keyPem(format));
  }

  /** Writes these texts as tls.crt and tls.key (the key first, as an issuer might). */
  public static void write(Path dir, String certificatePem, String keyPem) throws IOException {
    Files.createDirectories(dir);
    replace(dir.resolve("tls.key"), keyPem);
    replace(dir.resolve("tls.crt"), certificatePem);
  }

  private static void replace(Path file, String content) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), ".tmp", "");
    Files.writeString(tmp, content, StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** A client TLS context ({@code protocol} e.g. TLSv1.3) trusting exactly these. */
  public static SSLContext trusting(String protocol, X509Certificate... certificates) {
    try {
      return TlsContexts.trusting(protocol, certificates);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
