package dev.osc.caa.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VmTunnelPlanTest {
  static final String PODNS = "/run/netns/podns";

  static PodNetwork net(
      String podIp, int mtu, List<PodNetwork.Route> routes, List<PodNetwork.Neighbor> neighbors) {
    return new PodNetwork(
        podIp,
        "7a:30:df:d0:dc:c9",
        "eth0",
        "192.0.2.2/24",
        "vxlan",
        routes,
        neighbors,
        mtu,
        0,
        4789,
        555000,
        false,
        false);
  }

  static Stream<Arguments> plans() {
    var bridge =
        List.of(
            new PodNetwork.Route("0.0.0.0/0", "10.252.0.1", "eth0", "boot", null),
            new PodNetwork.Route("10.252.0.0/24", "", "eth0", "kernel", "link"));
    String head =
        "ip link add vxlan0 type vxlan id 555000 remote 192.0.2.2 dstport 4789|"
            + "ip link set vxlan0 netns /run/netns/podns|";
    return Stream.of(
        Arguments.of(
            "bridge CNI: kernel route re-added first, then the gateway's",
            net("10.252.0.5/24", 1500, bridge, List.of()),
            head
                + "podns: ip link set vxlan0 name eth0 address 7a:30:df:d0:dc:c9 mtu 1450|"
                + "podns: ip addr add 10.252.0.5/24 dev eth0|podns: ip link set eth0 up|"
                + "podns: ip link set lo up|"
                + "podns: ip route del 10.252.0.0/24 dev eth0|"
                + "podns: ip route add 10.252.0.0/24 dev eth0 proto kernel scope link|"
                + "podns: ip route add 0.0.0.0/0 via 10.252.0.1 dev eth0 proto boot"),
        Arguments.of(
            "point-to-point CNI (Calico): /32, gateway on the link, neighbour",
            net(
                "10.1.2.3/32",
                1400,
                List.of(
                    new PodNetwork.Route("0.0.0.0/0", "169.254.1.1", "eth0", "boot", null),
                    new PodNetwork.Route("169.254.1.1/32", "", "eth0", "boot", null)),
                List.of(
                    new PodNetwork.Neighbor(
                        "169.254.1.1", "ee:ee:ee:ee:ee:ee", "eth0", "permanent"))),
            head
                + "podns: ip link set vxlan0 name eth0 address 7a:30:df:d0:dc:c9 mtu 1400|"
                + "podns: ip addr add 10.1.2.3/32 dev eth0|podns: ip link set eth0 up|"
                + "podns: ip link set lo up|"
                + "podns: ip route add 169.254.1.1/32 dev eth0 proto boot scope link|"
                + "podns: ip route add 0.0.0.0/0 via 169.254.1.1 dev eth0 proto boot|"
                + "podns: ip neigh add 169.254.1.1 lladdr ee:ee:ee:ee:ee:ee dev eth0"
                + " nud permanent"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void rebuildsThePodsNetworkInTheVm(String name, PodNetwork net, String expected) {
    String actual =
        String.join(
            "|",
            VmTunnelPlan.setup(net, PODNS).stream()
                .map(c -> (c.netns() == null ? "" : "podns: ") + String.join(" ", c.argv()))
                .toList());
    assertThat(actual).isEqualTo(expected);
  }
}
