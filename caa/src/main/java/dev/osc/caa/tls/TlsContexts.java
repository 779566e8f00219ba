package dev.osc.caa.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * SSL contexts for the forwarder link: our identity, and the one CA whose certificates we accept
 * from the peer (not the JDK's public roots). TLS 1.2 and 1.3 only: the JDK 17 runtime disables
 * older versions ({@code jdk.tls.disabledAlgorithms}).
 */
public final class TlsContexts {
  private TlsContexts() {}

  private static final char[] IN_MEMORY = new char[0];

  public static SSLContext of(Identity identity, X509Certificate trusted)
      throws GeneralSecurityException {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("identity", identity.key(), IN_MEMORY,
          new Certificate[] {identity.certificate()});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, IN_MEMORY);

      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", trusted);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);

      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return tls;
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException("cannot build a key store: " + e.getMessage(), e);
    }
  }
}
