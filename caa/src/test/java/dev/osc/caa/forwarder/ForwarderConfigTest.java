package dev.osc.caa.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osc.caa.net.PodNetwork;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * apf.json against what upstream's adaptor writes ({@code json.MarshalIndent} of {@code
 * forwarder.Config} with its {@code tunneler.Config}): the same keys, value forms and nesting, read
 * back into the same values.
 */
class ForwarderConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Upstream's output for a pod on a bridge CNI, as its Go types marshal it. */
  private static final String UPSTREAM_WITH_NETWORK =
      """
      {
          "pod-network": {
              "podip": "10.244.0.5/24",
              "pod-hw-addr": "0a:58:0a:f4:00:05",
              "interface": "eth0",
              "worker-node-ip": "192.168.122.10/24",
              "tunnel-type": "vxlan",
              "routes": [
                  {
                      "dst": "0.0.0.0/0",
                      "gw": "10.244.0.1",
                      "dev": "eth0",
                      "protocol": "boot"
                  },
                  {
                      "dst": "10.244.0.0/24",
                      "gw": "",
                      "dev": "eth0",
                      "protocol": "kernel",
                      "scope": "link"
                  }
              ],
              "neighbors": [],
              "mtu": 1450,
              "index": 0,
              "vxlan-port": 4789,
              "vxlan-id": 555000,
              "dedicated": false,
              "external-net-via-pod-vm": false
          },
          "pod-namespace": "default",
          "pod-name": "nginx",
          "tls-server-key": "KEY",
          "tls-server-cert": "CERT",
          "tls-client-ca": "CA",
          "tls-min-version": "VersionTLS13"
      }""";

  private static final String UPSTREAM_WITHOUT =
      """
      {
          "pod-network": null,
          "pod-namespace": "default",
          "pod-name": "nginx",
          "tls-client-ca": "CA"
      }""";

  static Stream<Arguments> configs() {
    PodNetwork net =
        new PodNetwork(
            "10.244.0.5/24",
            "0a:58:0a:f4:00:05",
            "eth0",
            "192.168.122.10/24",
            "vxlan",
            List.of(
                new PodNetwork.Route("0.0.0.0/0", "10.244.0.1", "eth0", "boot", null),
                new PodNetwork.Route("10.244.0.0/24", null, "eth0", "kernel", "link")),
            List.of(),
            1450,
            0,
            4789,
            555000,
            false,
            false);
    return Stream.of(
        Arguments.of(
            "a pod with its network and TLS profile",
            UPSTREAM_WITH_NETWORK,
            new ForwarderConfig(
                net, "default", "nginx", "KEY", "CERT", "CA", "VersionTLS13", null)),
        Arguments.of(
            "no network, the client CA only",
            UPSTREAM_WITHOUT,
            new ForwarderConfig(null, "default", "nginx", null, null, "CA", null, null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void hasUpstreamsShape(String name, String upstream, ForwarderConfig ours) throws Exception {
    assertThat(ForwarderConfig.fromJson(upstream)).isEqualTo(ours);
    assertThat(JSON.readTree(ours.toIndentedJson())).isEqualTo(JSON.readTree(upstream));
    assertThat(ours.toIndentedJson()).startsWith("{\n    \"pod-network\" : ".replace(" :", ":"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void keepsUpstreamsKeyOrder(String name, String upstream, ForwarderConfig ours) throws Exception {
    assertThat(fieldNames(JSON.readTree(ours.toJson())))
        .isEqualTo(fieldNames(JSON.readTree(upstream)));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> out = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    if (node.get("pod-network") instanceof ObjectNode net) {
      net.fieldNames().forEachRemaining(f -> out.add("pod-network." + f));
    }
    return out;
  }
}
