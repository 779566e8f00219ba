package dev.osc.caa;

import static dev.osc.api.peerpods.PeerPodsKeys.FORWARDER_PORT;
import static dev.osc.api.peerpods.PeerPodsKeys.HOST_INTERFACE;
import static dev.osc.api.peerpods.PeerPodsKeys.INITDATA;
import static dev.osc.api.peerpods.PeerPodsKeys.JANITOR_INTERVAL;
import static dev.osc.api.peerpods.PeerPodsKeys.METRICS_PORT;
import static dev.osc.api.peerpods.PeerPodsKeys.NODE_NAME;
import static dev.osc.api.peerpods.PeerPodsKeys.PEERPODS_LIMIT_PER_NODE;
import static dev.osc.api.peerpods.PeerPodsKeys.PODS_DIR;
import static dev.osc.api.peerpods.PeerPodsKeys.PROXY_TIMEOUT;
import static dev.osc.api.peerpods.PeerPodsKeys.REMOTE_HYPERVISOR_ENDPOINT;
import static dev.osc.api.peerpods.PeerPodsKeys.TAGS;
import static dev.osc.api.peerpods.PeerPodsKeys.TUNNEL_TYPE;
import static dev.osc.api.peerpods.PeerPodsKeys.VXLAN_MIN_ID;
import static dev.osc.api.peerpods.PeerPodsKeys.VXLAN_PORT;

import dev.osc.api.peerpods.PeerPodsSettings;
import dev.osc.api.peerpods.Provider;
import dev.osc.caa.net.TunnelSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How {@code osc caa} runs: the peer-pods configuration of its environment (read with the
 * operator's own catalog and defaults, {@link PeerPodsSettings}) and the keys of its own.
 *
 * @param peerPods the whole configuration, for the provider's own keys
 * @param node NODE_NAME, the node this adaptor serves
 * @param socket REMOTE_HYPERVISOR_ENDPOINT, where the Kata shim calls
 * @param podsDir PODS_DIR, where each sandbox's agent socket lives
 * @param limitPerNode PEERPODS_LIMIT_PER_NODE: the limit while the node advertises no capacity
 * @param proxyTimeout PROXY_TIMEOUT, how long a VM may take to answer
 * @param forwarderPort FORWARDER_PORT, the forwarder's port in each VM
 * @param userTags TAGS
 * @param initdata INITDATA, the default initdata document for pods without their own, or null
 * @param janitorInterval JANITOR_INTERVAL, how often VMs and records are reconciled
 * @param metricsPort METRICS_PORT, where Prometheus scrapes /metrics over HTTPS; 0 for none
 * @param tunnel TUNNEL_TYPE, HOST_INTERFACE, VXLAN_PORT, VXLAN_MIN_ID: the pod network tunnel
 */
public record CaaSettings(
    PeerPodsSettings peerPods,
    String node,
    Path socket,
    Path podsDir,
    int limitPerNode,
    Duration proxyTimeout,
    int forwarderPort,
    Map<String, String> userTags,
    String initdata,
    Duration janitorInterval,
    int metricsPort,
    TunnelSettings tunnel) {

  /** Reads the environment; {@code InvalidPeerPodsConfig} lists every problem, naming keys. */
  public static CaaSettings from(Map<String, String> env) {
    PeerPodsSettings s = PeerPodsSettings.read(env);
    return new CaaSettings(
        s,
        s.require(NODE_NAME, "the node this adaptor serves, from the downward API"),
        s.get(REMOTE_HYPERVISOR_ENDPOINT),
        s.get(PODS_DIR),
        s.get(PEERPODS_LIMIT_PER_NODE),
        s.get(PROXY_TIMEOUT),
        s.get(FORWARDER_PORT),
        s.get(TAGS) == null ? Map.of() : s.get(TAGS),
        s.get(INITDATA),
        s.get(JANITOR_INTERVAL),
        s.get(METRICS_PORT),
        new TunnelSettings(
            s.get(TUNNEL_TYPE), s.get(HOST_INTERFACE), s.get(VXLAN_PORT), s.get(VXLAN_MIN_ID)));
  }

  public Provider provider() {
    return peerPods.provider();
  }
}
