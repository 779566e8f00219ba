package dev.osc.caa.tls;

import static dev.osc.api.peerpods.PeerPodsKeys.TLS_CIPHER_SUITES;
import static dev.osc.api.peerpods.PeerPodsKeys.TLS_MIN_VERSION;

import dev.osc.api.peerpods.PeerPodsSettings;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The TLS profile between the adaptor and the pod VMs (upstream's TLS_MIN_VERSION and
 * TLS_CIPHER_SUITES): written into each VM's apf.json ({@code tls-min-version}, {@code
 * tls-cipher-suites}) and enforced by the VM's forwarder, which serves the handshake. Only new VMs
 * get a changed profile, as upstream's comment says: the user data is immutable.
 *
 * @param minVersion {@code VersionTLS12}, {@code VersionTLS13}, or null for the defaults
 * @param cipherSuites IANA names of TLS 1.2 suites; empty for the defaults (TLS 1.3's suites are
 *     not configurable, as in Go)
 */
public record TlsProfile(String minVersion, List<String> cipherSuites) {
  public static final TlsProfile DEFAULT = new TlsProfile(null, List.of());
  public static final String TLS12 = "VersionTLS12";
  public static final String TLS13 = "VersionTLS13";

  public TlsProfile {
    cipherSuites = cipherSuites == null ? List.of() : List.copyOf(cipherSuites);
  }

  /** From the adaptor's configuration (already checked against this JVM's suites). */
  public static TlsProfile fromSettings(PeerPodsSettings settings) {
    return new TlsProfile(settings.get(TLS_MIN_VERSION), settings.get(TLS_CIPHER_SUITES));
  }

  /** Protocols to enable: TLS 1.3 only for {@code VersionTLS13}, else 1.3 and 1.2. */
  public String[] protocols() {
    return TLS13.equals(minVersion)
        ? new String[] {"TLSv1.3"}
        : new String[] {"TLSv1.3", "TLSv1.2"};
  }

  /** Suites to enable, or null for the defaults: TLS 1.3's always, then the listed ones. */
  public String[] suites() {
    if (cipherSuites.isEmpty()) {
      return null;
    }
    List<String> out =
        new ArrayList<>(
            Arrays.stream(supported())
                .filter(s -> s.startsWith("TLS_AES_") || s.startsWith("TLS_CHACHA20_"))
                .toList());
    out.addAll(cipherSuites);
    return out.toArray(String[]::new);
  }

  private static String[] supported() {
    try {
      return SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no TLS in this JVM", e);
    }
  }
}
