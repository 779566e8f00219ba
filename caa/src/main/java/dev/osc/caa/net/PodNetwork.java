package dev.osc.caa.net;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A pod's network as the adaptor found it in the pod's namespace on the worker, and what the VM
 * side needs to rebuild it: {@code pod-network} in apf.json, with the key names and value forms of
 * upstream's {@code tunneler.Config} (addresses as {@code 10.0.0.5/24}, route protocol and scope as
 * names), so upstream's agent-protocol-forwarder reads it unchanged.
 *
 * @param podIp the pod's IPv4 address with its prefix length
 * @param podHwAddr the MAC of the pod's interface: the VM's interface takes it, so the neighbours
 *     on the pod network keep seeing the same address
 * @param interfaceName the pod's interface ({@code eth0})
 * @param workerNodeIp the worker's tunnel endpoint with its prefix length
 * @param tunnelType {@code vxlan}
 * @param mtu the pod interface's MTU (the VM side caps it for the VXLAN header)
 * @param index the sandbox's index on this worker (upstream: VNI = minimum + index)
 * @param vxlanPort the VXLAN UDP port
 * @param vxlanId the VNI
 * @param dedicated whether the tunnel runs on a second interface (HOST_INTERFACE not primary)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "podip",
  "pod-hw-addr",
  "interface",
  "worker-node-ip",
  "tunnel-type",
  "routes",
  "neighbors",
  "mtu",
  "index",
  "vxlan-port",
  "vxlan-id",
  "dedicated",
  "external-net-via-pod-vm"
})
public record PodNetwork(
    @JsonProperty("podip") String podIp,
    @JsonProperty("pod-hw-addr") String podHwAddr,
    @JsonProperty("interface") String interfaceName,
    @JsonProperty("worker-node-ip") String workerNodeIp,
    @JsonProperty("tunnel-type") String tunnelType,
    @JsonProperty("routes") List<Route> routes,
    @JsonProperty("neighbors") List<Neighbor> neighbors,
    @JsonProperty("mtu") int mtu,
    @JsonProperty("index") int index,
    @JsonProperty("vxlan-port") @JsonInclude(JsonInclude.Include.NON_DEFAULT) int vxlanPort,
    @JsonProperty("vxlan-id") @JsonInclude(JsonInclude.Include.NON_DEFAULT) int vxlanId,
    @JsonProperty("dedicated") boolean dedicated,
    @JsonProperty("external-net-via-pod-vm") boolean externalNetViaPodVm) {

  public static final String VXLAN = "vxlan";

  public PodNetwork {
    routes = routes == null ? List.of() : List.copyOf(routes);
    neighbors = neighbors == null ? List.of() : List.copyOf(neighbors);
  }

  /** The pod's address without its prefix length. */
  public String podAddress() {
    return Cidr.address(podIp);
  }

  /** The worker's tunnel endpoint without its prefix length. */
  public String workerAddress() {
    return Cidr.address(workerNodeIp);
  }

  /**
   * A route of the pod's namespace. {@code gw} is {@code ""} without a gateway, as upstream writes
   * an unset address; {@code protocol} and {@code scope} are left out when they are the kernel's
   * zero values (unspec, universe), as upstream's omitempty does.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"dst", "gw", "dev", "protocol", "scope"})
  public record Route(
      @JsonProperty("dst") String dst,
      @JsonProperty("gw") String gw,
      @JsonProperty("dev") @JsonInclude(JsonInclude.Include.NON_EMPTY) String dev,
      @JsonProperty("protocol") @JsonInclude(JsonInclude.Include.NON_NULL) String protocol,
      @JsonProperty("scope") @JsonInclude(JsonInclude.Include.NON_NULL) String scope) {
    public Route {
      gw = gw == null ? "" : gw;
    }

    public boolean hasGateway() {
      return !gw.isEmpty();
    }
  }

  /** A permanent neighbour entry of the pod's interface. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"ip", "hw-addr", "dev", "state"})
  public record Neighbor(
      @JsonProperty("ip") String ip,
      @JsonProperty("hw-addr") @JsonInclude(JsonInclude.Include.NON_EMPTY) String hwAddr,
      @JsonProperty("dev") @JsonInclude(JsonInclude.Include.NON_EMPTY) String dev,
      @JsonProperty("state") @JsonInclude(JsonInclude.Include.NON_EMPTY) String state) {}
}
