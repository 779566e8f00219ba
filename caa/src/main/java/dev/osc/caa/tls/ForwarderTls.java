package dev.osc.caa.tls;

import static dev.osc.api.peerpods.PeerPodsKeys.CACERT_FILE;
import static dev.osc.api.peerpods.PeerPodsKeys.CERT_FILE;
import static dev.osc.api.peerpods.PeerPodsKeys.CERT_KEY;
import static dev.osc.api.peerpods.PeerPodsKeys.FORWARDER_CA_DIR;

import dev.osc.api.peerpods.PeerPodsSettings;
import dev.osc.caa.agent.AgentPath;
import dev.osc.tls.Identity;
import dev.osc.tls.Pem;
import dev.osc.tls.TlsContexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * The adaptor's side of the forwarders' mutual TLS. By default the node's persistent {@link
 * ForwarderCa} issues every VM's server certificate (named for the instance) and the adaptor's
 * client certificate; the VMs trust that CA for clients. With {@code CACERT_FILE}, {@code
 * CERT_FILE} and {@code CERT_KEY} the user supplies the CA the forwarders' certificates come from
 * (named {@value AgentPath#SUPPLIED_SERVER_NAME}, in the VM image) and the adaptor's client
 * certificate, which that CA must have issued.
 */
public final class ForwarderTls implements ForwarderCredentials.Issuer {
  static final String CLIENT_NAME = "cloud-api-adaptor";

  private final ForwarderCa ca; // null with user-supplied certificates
  private final X509Certificate trusted;
  private final SSLContext client;
  private final TlsProfile profile;

  private ForwarderTls(ForwarderCa ca, X509Certificate trusted, Identity client)
      throws GeneralSecurityException {
    this(ca, trusted, TlsContexts.of(client, trusted), TlsProfile.DEFAULT);
  }

  private ForwarderTls(
      ForwarderCa ca, X509Certificate trusted, SSLContext client, TlsProfile profile) {
    this.ca = ca;
    this.trusted = trusted;
    this.client = client;
    this.profile = profile;
  }

  /** The same, with the VMs' TLS profile (TLS_MIN_VERSION, TLS_CIPHER_SUITES). */
  public ForwarderTls withProfile(TlsProfile p) {
    return new ForwarderTls(ca, trusted, client, p);
  }

  @Override
  public TlsProfile profile() {
    return profile;
  }

  /** Issues from {@code ca}, with a fresh client certificate. */
  public static ForwarderTls issuingFrom(ForwarderCa ca) {
    try {
      return new ForwarderTls(ca, ca.certificate(), ca.issueClient(CLIENT_NAME));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up the forwarder TLS: " + e.getMessage(), e);
    }
  }

  /**
   * From the adaptor's configuration: the files of CACERT_FILE, CERT_FILE and CERT_KEY, or the CA
   * kept in FORWARDER_CA_DIR.
   */
  public static ForwarderTls fromSettings(PeerPodsSettings settings) throws IOException {
    List<Path> files =
        Stream.of(CACERT_FILE, CERT_FILE, CERT_KEY)
            .map(settings::get)
            .filter(Objects::nonNull)
            .toList();
    String names = CACERT_FILE + ", " + CERT_FILE + " and " + CERT_KEY;
    if (files.isEmpty()) {
      return issuingFrom(ForwarderCa.loadOrCreate(settings.get(FORWARDER_CA_DIR)));
    }
    if (files.size() < 3) {
      throw new IllegalArgumentException(names + " go together: set all three or none");
    }
    try {
      Identity identity =
          Identity.fromPem(Files.readString(files.get(1)), Files.readString(files.get(2)));
      return new ForwarderTls(null, Pem.certificate(Files.readString(files.get(0))), identity);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the files of " + names + " are unusable: " + e.getMessage(), e);
    }
  }

  @Override
  public ForwarderCredentials forVm(String instanceName) {
    String clientCa = Pem.write(trusted);
    if (ca == null) {
      return new ForwarderCredentials(null, null, clientCa);
    }
    Identity server = ca.issueServer(instanceName);
    return new ForwarderCredentials(server.certificatePem(), server.keyPem(), clientCa);
  }

  /** The name the VM's certificate must carry. */
  public String serverName(String instanceName) {
    return ca == null ? AgentPath.SUPPLIED_SERVER_NAME : instanceName;
  }

  /** For dialing forwarders: presents the client certificate, trusts only the CA. */
  public SSLContext clientContext() {
    return client;
  }
}
