package dev.osc.caa.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A certificate and its private key. {@link #toString()} leaves the key out, for logs. */
public record Identity(X509Certificate certificate, PrivateKey key) {
  public String certificatePem() {
    return Pem.of(certificate);
  }

  public String keyPem() {
    return Pem.of(key);
  }

  @Override
  public String toString() {
    return "Identity[" + certificate.getSubjectX500Principal().getName() + "]";
  }
}
