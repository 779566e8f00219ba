package dev.osc.caa.forwarder;

import dev.osc.caa.agent.AgentPath;
import dev.osc.caa.agent.ReconnectingClient;
import dev.osc.caa.agent.Relay;
import dev.osc.caa.tls.TlsProfile;
import dev.osc.tls.Identity;
import dev.osc.tls.Pem;
import dev.osc.tls.TlsContexts;
import dev.osc.ttrpc.Listener;
import dev.osc.ttrpc.TlsSockets;
import dev.osc.ttrpc.TtrpcServer;
import dev.osc.ttrpc.UnixSockets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs in the pod VM: serves the agent's services over mutual TLS to the adaptor on the worker and
 * relays each call to the kata agent's unix socket, over one shared connection that is made again
 * if it drops.
 */
public final class Forwarder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

  /**
   * How long a call waits for the agent's socket before it fails UNAVAILABLE naming it: the shim
   * retries its checks while the VM boots, and a call to a VM whose agent is gone fails at once
   * with the reason instead of taking the caller's whole deadline.
   */
  static final Duration AGENT_WAIT = Duration.ofSeconds(2);

  static final Duration AGENT_MAX_BACKOFF = Duration.ofSeconds(1);

  /**
   * @param listen where the adaptor connects ({@value AgentPath#DEFAULT_LISTEN})
   * @param agentSocket the kata agent's socket
   * @param configFile apf.json, from the user data
   */
  public record Options(
      InetSocketAddress listen,
      Path agentSocket,
      Path configFile,
      Path imageCertDir,
      Path podNamespace) {
    /**
     * @param imageCertDir where the VM image keeps its own tls.crt and tls.key, used when the
     *     adaptor runs with user-supplied certificates (CACERT_FILE, CERT_FILE, CERT_KEY) and so
     *     sends only the client CA
     * @param podNamespace the pod's network namespace, given the configuration's {@code
     *     pod-network}; null to leave networking alone
     */
    public Options {}

    public Options(InetSocketAddress listen, Path agentSocket, Path configFile) {
      this(listen, agentSocket, configFile, AgentPath.DEFAULT_IMAGE_CERT_DIR, null);
    }

    public Options(InetSocketAddress listen, Path agentSocket, Path configFile, Path imageCertDir) {
      this(listen, agentSocket, configFile, imageCertDir, null);
    }

    public static Options defaults() {
      return new Options(
          new InetSocketAddress("0.0.0.0", AgentPath.DEFAULT_FORWARDER_PORT),
          AgentPath.DEFAULT_AGENT_SOCKET,
          AgentPath.DEFAULT_CONFIG_FILE,
          AgentPath.DEFAULT_IMAGE_CERT_DIR,
          AgentPath.DEFAULT_POD_NAMESPACE);
    }
  }

  private final Options options;
  private final TtrpcServer server = new TtrpcServer();
  private final ReconnectingClient agent;
  private Listener listener;
  private PodNamespace podNamespace;

  public Forwarder(Options options) {
    this.options = options;
    this.agent =
        new ReconnectingClient(
            "the kata agent at " + options.agentSocket(),
            () -> UnixSockets.connect(options.agentSocket()),
            AGENT_MAX_BACKOFF);
  }

  /** Reads the configuration and starts listening. */
  public void start() throws IOException {
    ForwarderConfig config = ForwarderConfig.fromJson(Files.readString(options.configFile()));
    if (config.tlsClientCa() == null) {
      throw new IOException(
          options.configFile()
              + " has no tls-client-ca: the forwarder serves"
              + " mutual TLS only");
    }
    String cert = config.tlsServerCert();
    String key = config.tlsServerKey();
    if (cert == null || key == null) {
      Path dir = options.imageCertDir();
      if (!Files.exists(dir.resolve("tls.crt")) || !Files.exists(dir.resolve("tls.key"))) {
        throw new IOException(
            options.configFile()
                + " has no tls-server-cert and"
                + " tls-server-key, and the image has no tls.crt and tls.key in "
                + dir);
      }
      cert = Files.readString(dir.resolve("tls.crt"));
      key = Files.readString(dir.resolve("tls.key"));
    }
    SSLContext tls;
    try {
      tls = TlsContexts.of(Identity.fromPem(cert, key), Pem.certificate(config.tlsClientCa()));
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "the TLS material in " + options.configFile() + " is unusable: " + e.getMessage(), e);
    }
    if (config.podNetwork() != null && options.podNamespace() != null) {
      podNamespace = PodNamespace.setUp(config.podNetwork(), options.podNamespace());
    }
    new Relay(agent, AGENT_WAIT).services().forEach(server::register);
    try {
      TlsProfile profile = config.profile();
      listener =
          TlsSockets.listen(tls, options.listen(), true, profile.protocols(), profile.suites());
    } catch (IOException e) {
      close();
      throw e;
    }
    server.serve(listener);
    LOG.info(
        "forwarder for pod {}/{} listening on {}, relaying to {}",
        config.podNamespace(),
        config.podName(),
        listener.describe(),
        options.agentSocket());
  }

  /** The port it listens on (useful when the options asked for any free port). */
  public int port() {
    return TlsSockets.port(listener);
  }

  @Override
  public void close() {
    server.close();
    agent.close();
    if (podNamespace != null) {
      podNamespace.close();
      podNamespace = null;
    }
  }
}
