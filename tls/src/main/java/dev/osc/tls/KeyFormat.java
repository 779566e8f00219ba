package dev.osc.tls;

/** How a private key is written in PEM. Issuers use all three; {@link Pem} reads them all. */
public enum KeyFormat {
  /** {@code PRIVATE KEY}: any algorithm; the JDK's, Go's PKCS#8 and openssl 3's default. */
  PKCS8("PRIVATE KEY"),
  /** {@code RSA PRIVATE KEY}: OpenShift's service CA and cert-manager write RSA keys so. */
  PKCS1("RSA PRIVATE KEY"),
  /** {@code EC PRIVATE KEY}: cert-manager's ECDSA keys, {@code openssl ecparam -genkey}. */
  SEC1("EC PRIVATE KEY");

  private final String label;

  KeyFormat(String label) {
    this.label = label;
  }

  /** The PEM block's label. */
  public String label() {
    return label;
  }
}
