package dev.osc.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * SSL contexts that trust exactly the given certificates (not the JDK's public roots), with or
 * without an identity of our own. TLS 1.2 and 1.3 only: the JDK 17 runtime disables older versions
 * ({@code jdk.tls.disabledAlgorithms}).
 */
public final class TlsContexts {
  private TlsContexts() {}

  /** Mutual TLS: presents {@code identity}, accepts peers {@code trusted} issued. */
  public static SSLContext of(Identity identity, X509Certificate trusted)
      throws GeneralSecurityException {
    return context("TLS", new KeyManager[] {new IdentityKeyManager(identity)}, trusted);
  }

  /** A client without a certificate of its own; {@code protocol} e.g. TLS, TLSv1.3. */
  public static SSLContext trusting(String protocol, X509Certificate... trusted)
      throws GeneralSecurityException {
    return context(protocol, null, trusted);
  }

  private static SSLContext context(
      String protocol, KeyManager[] keyManagers, X509Certificate... trusted)
      throws GeneralSecurityException {
    KeyStore trust = emptyStore();
    for (int i = 0; i < trusted.length; i++) {
      trust.setCertificateEntry("trusted-" + i, trusted[i]);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance(protocol);
    tls.init(keyManagers, tmf.getTrustManagers(), null);
    return tls;
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot make an in-memory key store", e);
    }
    return store;
  }
}
