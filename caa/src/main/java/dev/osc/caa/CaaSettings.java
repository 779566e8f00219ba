package dev.osc.caa;

import dev.osc.api.PeerPodsKeys;
import dev.osc.caa.agent.AgentPath;
import dev.osc.caa.config.Env;
import dev.osc.caa.model.InitdataValue;
import dev.osc.caa.net.TunnelSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How {@code osc caa} runs, from its environment (peer-pods-cm, peer-pods-secret, the downward
 * API), with the upstream adaptor's names and defaults.
 *
 * @param provider CLOUD_PROVIDER: aws, libvirt or local
 * @param node NODE_NAME, the node this adaptor serves
 * @param socket REMOTE_HYPERVISOR_ENDPOINT, where the Kata shim calls
 * @param podsDir PODS_DIR, where each sandbox's agent socket lives
 * @param limitPerNode PEERPODS_LIMIT_PER_NODE
 * @param proxyTimeout PROXY_TIMEOUT, how long a VM may take to answer
 * @param forwarderPort FORWARDER_PORT, the forwarder's port in each VM
 * @param userTags TAGS
 * @param initdata INITDATA, the default initdata for pods without their own (raw, or gzip+base64
 *     as upstream takes it)
 * @param janitorInterval how often VMs and records are reconciled
 * @param metricsPort METRICS_PORT, where Prometheus scrapes /metrics over HTTPS; 0 for none
 * @param tunnel TUNNEL_TYPE, HOST_INTERFACE, VXLAN_PORT, VXLAN_MIN_ID: the pod network tunnel
 */
public record CaaSettings(String provider, String node, Path socket, Path podsDir,
    int limitPerNode, Duration proxyTimeout, int forwarderPort, Map<String, String> userTags,
    String initdata, Duration janitorInterval, int metricsPort, TunnelSettings tunnel) {

  public static final String REMOTE_HYPERVISOR_ENDPOINT = "REMOTE_HYPERVISOR_ENDPOINT";
  public static final String PODS_DIR = "PODS_DIR";
  public static final String NODE_NAME = "NODE_NAME";
  public static final String JANITOR_INTERVAL = "JANITOR_INTERVAL";
  public static final String METRICS_PORT = "METRICS_PORT";
  /** On the host network: a port of the peer-pods range, not a common one. */
  public static final int DEFAULT_METRICS_PORT = 15160;
  public static final Path DEFAULT_SOCKET = Path.of("/run/peerpod/hypervisor.sock");
  public static final Path DEFAULT_PODS_DIR = Path.of("/run/peerpod/pods");
  public static final int DEFAULT_LIMIT = 10;
  public static final Duration DEFAULT_JANITOR_INTERVAL = Duration.ofMinutes(1);

  public static CaaSettings from(Map<String, String> values) {
    Env env = new Env(values);
    return new CaaSettings(
        env.required(PeerPodsKeys.CLOUD_PROVIDER, "aws, libvirt or local"),
        env.required(NODE_NAME, "the node this adaptor serves, from the downward API"),
        Path.of(env.get(REMOTE_HYPERVISOR_ENDPOINT, DEFAULT_SOCKET.toString())),
        Path.of(env.get(PODS_DIR, DEFAULT_PODS_DIR.toString())),
        env.integer(PeerPodsKeys.PEERPODS_LIMIT_PER_NODE, DEFAULT_LIMIT, 0),
        env.duration(PeerPodsKeys.PROXY_TIMEOUT, AgentPath.DEFAULT_PROXY_TIMEOUT),
        env.integer(PeerPodsKeys.FORWARDER_PORT, AgentPath.DEFAULT_FORWARDER_PORT, 1),
        env.pairs(PeerPodsKeys.TAGS),
        InitdataValue.checked(env.get(PeerPodsKeys.INITDATA), PeerPodsKeys.INITDATA),
        env.duration(JANITOR_INTERVAL, DEFAULT_JANITOR_INTERVAL),
        env.integer(METRICS_PORT, DEFAULT_METRICS_PORT, 0),
        tunnel(env));
  }

  private static TunnelSettings tunnel(Env env) {
    String type = env.get(PeerPodsKeys.TUNNEL_TYPE, TunnelSettings.VXLAN);
    if (!type.equals(TunnelSettings.VXLAN) && !type.equals(TunnelSettings.NONE)) {
      throw new IllegalArgumentException(PeerPodsKeys.TUNNEL_TYPE + ": \"" + type
          + "\" is not vxlan or none");
    }
    int port = env.integer(PeerPodsKeys.VXLAN_PORT, TunnelSettings.DEFAULT_VXLAN_PORT, 1);
    if (port > 65535) {
      throw new IllegalArgumentException(PeerPodsKeys.VXLAN_PORT + ": " + port
          + " is not a port (1-65535)");
    }
    int minId = env.integer(PeerPodsKeys.VXLAN_MIN_ID, TunnelSettings.DEFAULT_VXLAN_MIN_ID, 1);
    if (minId > TunnelSettings.MAX_VNI) {
      throw new IllegalArgumentException(PeerPodsKeys.VXLAN_MIN_ID + ": " + minId
          + " is over " + TunnelSettings.MAX_VNI + ", the largest VXLAN id");
    }
    return new TunnelSettings(type, env.get(PeerPodsKeys.HOST_INTERFACE), port, minId);
  }
}
