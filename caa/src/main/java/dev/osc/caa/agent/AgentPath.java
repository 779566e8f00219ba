package dev.osc.caa.agent;

import dev.osc.caa.model.CloudConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Names, ports and settings of the agent path: shim → agent proxy (worker, unix socket) → forwarder
 * (pod VM, TCP with mutual TLS) → kata agent (pod VM, unix socket).
 */
public final class AgentPath {
  private AgentPath() {}

  public static final String AGENT_SERVICE = "grpc.AgentService";
  public static final String HEALTH_SERVICE = "grpc.Health";

  /** The services relayed, every method of each. */
  public static final List<String> SERVICES = List.of(AGENT_SERVICE, HEALTH_SERVICE);

  /**
   * The forwarder's port in the VM; a compile-time constant for the VM side's flags, equal to the
   * adaptor's FORWARDER_PORT default (checked by a test).
   */
  public static final int DEFAULT_FORWARDER_PORT = 15150;

  public static final String DEFAULT_LISTEN = "0.0.0.0:" + DEFAULT_FORWARDER_PORT;
  public static final Path DEFAULT_AGENT_SOCKET = Path.of("/run/kata-containers/agent.sock");
  public static final Path DEFAULT_CONFIG_FILE = Path.of(CloudConfig.FORWARDER_CONFIG_PATH);

  /** The pod's network namespace in the VM (upstream's forwarder.DefaultPodNamespace). */
  public static final Path DEFAULT_POD_NAMESPACE = Path.of("/run/netns/podns");

  /** The VM image's own forwarder certificate, for user-supplied certificates. */
  public static final Path DEFAULT_IMAGE_CERT_DIR = Path.of("/etc/osc/forwarder");

  /** How long one attempt to connect to a forwarder (TCP and TLS handshake) may take. */
  public static final Duration DIAL_TIMEOUT = Duration.ofSeconds(5);

  /** The longest pause between two attempts to reach a forwarder. */
  public static final Duration MAX_DIAL_BACKOFF = Duration.ofSeconds(5);

  /** The name forwarders' certificates carry when the user supplies the CA (upstream's). */
  public static final String SUPPLIED_SERVER_NAME = "podvm-server";
}
