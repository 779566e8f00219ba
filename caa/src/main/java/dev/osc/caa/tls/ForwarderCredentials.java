package dev.osc.caa.tls;

/**
 * What a pod VM's forwarder gets in its configuration to serve mutual TLS, PEM text. {@code
 * serverCert} and {@code serverKey} are null when the VM image brings its own. {@link #toString()}
 * leaves the key out.
 */
public record ForwarderCredentials(String serverCert, String serverKey, String clientCa) {
  @Override
  public String toString() {
    return "ForwarderCredentials[serverCert="
        + (serverCert != null)
        + ", serverKey="
        + (serverKey != null ? "(redacted)" : "none")
        + "]";
  }

  /** Makes the credentials for the VM named {@code instanceName}; null for none. */
  @FunctionalInterface
  public interface Issuer {
    Issuer NONE = instanceName -> null;

    ForwarderCredentials forVm(String instanceName);

    /** The TLS profile the VMs' forwarders enforce. */
    default TlsProfile profile() {
      return TlsProfile.DEFAULT;
    }
  }
}
