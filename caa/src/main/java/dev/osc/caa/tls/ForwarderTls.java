package dev.osc.caa.tls;

import dev.osc.caa.agent.AgentPath;
import dev.osc.caa.config.Env;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * The adaptor's side of the forwarders' mutual TLS. By default the node's persistent {@link
 * CertificateAuthority} issues every VM's server certificate (named for the instance) and the
 * adaptor's client certificate; the VMs trust that CA for clients. With {@code CACERT_FILE},
 * {@code CERT_FILE} and {@code CERT_KEY} the user supplies the CA the forwarders' certificates
 * come from (named {@value AgentPath#SUPPLIED_SERVER_NAME}, in the VM image) and the adaptor's
 * client certificate, which that CA must have issued.
 */
public final class ForwarderTls implements ForwarderCredentials.Issuer {
  static final String CLIENT_NAME = "cloud-api-adaptor";

  private final CertificateAuthority ca; // null with user-supplied certificates
  private final X509Certificate trusted;
  private final SSLContext client;
  private final TlsProfile profile;

  private ForwarderTls(CertificateAuthority ca, X509Certificate trusted, Identity client)
      throws GeneralSecurityException {
    this(ca, trusted, TlsContexts.of(client, trusted), TlsProfile.DEFAULT);
  }

  private ForwarderTls(CertificateAuthority ca, X509Certificate trusted, SSLContext client,
      TlsProfile profile) {
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
  public static ForwarderTls issuingFrom(CertificateAuthority ca) {
    try {
      return new ForwarderTls(ca, ca.certificate(), ca.issueClient(CLIENT_NAME));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up the forwarder TLS: " + e.getMessage(), e);
    }
  }

  /** From the adaptor's environment: the supplied files, or the CA in the CA directory. */
  public static ForwarderTls fromEnv(Env env) throws IOException {
    String caFile = env.get(AgentPath.CACERT_FILE_ENV);
    String certFile = env.get(AgentPath.CERT_FILE_ENV);
    String keyFile = env.get(AgentPath.CERT_KEY_ENV);
    long given = Stream.of(caFile, certFile, keyFile).filter(v -> v != null).count();
    if (given == 0) {
      Path dir = Path.of(env.get(AgentPath.CA_DIR_ENV, AgentPath.DEFAULT_CA_DIR.toString()));
      return issuingFrom(CertificateAuthority.loadOrCreate(dir));
    }
    if (given < 3) {
      throw new IllegalArgumentException(AgentPath.CACERT_FILE_ENV + ", "
          + AgentPath.CERT_FILE_ENV + " and " + AgentPath.CERT_KEY_ENV
          + " go together: set all three or none");
    }
    try {
      Identity identity = new Identity(Pem.certificate(Files.readString(Path.of(certFile))),
          Pem.privateKey(Files.readString(Path.of(keyFile))));
      return new ForwarderTls(null, Pem.certificate(Files.readString(Path.of(caFile))),
          identity);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the files in " + AgentPath.CACERT_FILE_ENV + ", "
          + AgentPath.CERT_FILE_ENV + " or " + AgentPath.CERT_KEY_ENV + " are unusable: "
          + e.getMessage(), e);
    }
  }

  @Override
  public ForwarderCredentials forVm(String instanceName) {
    String clientCa = Pem.of(trusted);
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
