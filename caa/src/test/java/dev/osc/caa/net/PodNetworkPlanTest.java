package dev.osc.caa.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The inspection of a pod's namespace, from iproute2's JSON as this machine's ip prints it. */
class PodNetworkPlanTest {
  static final String NS = "/run/netns/cni-1";
  static final TunnelSettings SETTINGS = new TunnelSettings("vxlan", null, 4789, 555000);

  /** A bridge CNI pod: eth0 with one address, default route via the bridge. */
  static final String POD_ADDR =
      "[{\"ifindex\":1,\"ifname\":\"lo\",\"mtu\":65536,"
          + "\"address\":\"00:00:00:00:00:00\",\"addr_info\":[{\"family\":\"inet\","
          + "\"local\":\"127.0.0.1\",\"prefixlen\":8}]},{\"ifindex\":2,\"ifname\":\"eth0\","
          + "\"mtu\":1450,\"address\":\"7a:30:df:d0:dc:c9\",\"linkinfo\":{\"info_kind\":\"veth\"},"
          + "\"addr_info\":[{\"family\":\"inet\",\"local\":\"10.252.0.5\",\"prefixlen\":24},"
          + "{\"family\":\"inet6\",\"local\":\"fe80::7830:dfff:fed0:dcc9\",\"prefixlen\":64}]}]";

  static final String POD_ROUTES =
      "[{\"type\":\"unicast\",\"dst\":\"default\","
          + "\"gateway\":\"10.252.0.1\",\"dev\":\"eth0\",\"protocol\":\"boot\",\"scope\":\"global\","
          + "\"flags\":[]},{\"type\":\"unicast\",\"dst\":\"10.252.0.0/24\",\"dev\":\"eth0\","
          + "\"protocol\":\"kernel\",\"scope\":\"link\",\"prefsrc\":\"10.252.0.5\",\"flags\":[]},"
          + "{\"type\":\"unicast\",\"dst\":\"10.96.0.0/12\",\"gateway\":\"10.252.0.1\","
          + "\"dev\":\"eth0\",\"protocol\":\"bird\",\"scope\":\"global\",\"flags\":[]},"
          + "{\"type\":\"blackhole\",\"dst\":\"10.9.0.0/16\",\"protocol\":\"static\","
          + "\"scope\":\"global\",\"flags\":[]}]";
  static final String POD_NEIGH =
      "[{\"dst\":\"10.252.0.9\",\"dev\":\"eth0\","
          + "\"lladdr\":\"02:00:00:00:00:09\",\"state\":[\"PERMANENT\"]}]";
  static final String HOST_ADDR =
      "[{\"ifindex\":4,\"ifname\":\"eth0\",\"mtu\":1400,"
          + "\"address\":\"02:fc:00:00:00:01\",\"addr_info\":[{\"family\":\"inet\","
          + "\"local\":\"192.0.2.2\",\"prefixlen\":24}]},{\"ifindex\":5,\"ifname\":\"ens4\","
          + "\"mtu\":9000,\"address\":\"02:fc:00:00:00:02\",\"addr_info\":[{\"family\":\"inet\","
          + "\"local\":\"198.51.100.2\",\"prefixlen\":24}]}]";
  static final String HOST_ROUTES =
      "[{\"type\":\"unicast\",\"dst\":\"default\","
          + "\"gateway\":\"192.0.2.1\",\"dev\":\"eth0\",\"protocol\":\"dhcp\",\"metric\":100,"
          + "\"scope\":\"global\"},{\"type\":\"unicast\",\"dst\":\"default\","
          + "\"gateway\":\"198.51.100.1\",\"dev\":\"ens4\",\"protocol\":\"dhcp\",\"metric\":200,"
          + "\"scope\":\"global\"}]";

  static final NetnsView POD = NetnsView.parse(POD_ADDR, POD_ROUTES, POD_NEIGH);
  static final NetnsView HOST = NetnsView.parse(HOST_ADDR, HOST_ROUTES, "[]");

  @Test
  void readsWhatUpstreamReads() {
    PodNetwork net = PodNetworkPlan.plan(NS, POD, HOST, SETTINGS, 2, 555002);
    assertThat(net)
        .isEqualTo(
            new PodNetwork(
                "10.252.0.5/24",
                "7a:30:df:d0:dc:c9",
                "eth0",
                "192.0.2.2/24",
                "vxlan",
                List.of(
                    new PodNetwork.Route("0.0.0.0/0", "10.252.0.1", "eth0", "boot", null),
                    new PodNetwork.Route("10.252.0.0/24", "", "eth0", "kernel", "link")),
                List.of(
                    new PodNetwork.Neighbor(
                        "10.252.0.9", "02:00:00:00:00:09", "eth0", "permanent")),
                1450,
                2,
                4789,
                555002,
                false,
                false));
  }

  static Stream<Arguments> hostInterfaces() {
    return Stream.of(
        Arguments.of(null, "192.0.2.2/24", false),
        Arguments.of("eth0", "192.0.2.2/24", false),
        Arguments.of("ens4", "198.51.100.2/24", true));
  }

  @ParameterizedTest(name = "HOST_INTERFACE {0}")
  @MethodSource("hostInterfaces")
  void theWorkerEndpointIsTheHostInterfacesAddress(String hostIf, String ip, boolean dedicated) {
    PodNetwork net =
        PodNetworkPlan.plan(
            NS, POD, HOST, new TunnelSettings("vxlan", hostIf, 9000, 555000), 0, 555000);
    assertThat(net.workerNodeIp()).isEqualTo(ip);
    assertThat(net.dedicated()).isEqualTo(dedicated);
    assertThat(net.vxlanPort()).isEqualTo(9000);
  }

  static Stream<Arguments> badNamespaces() {
    String noV4 =
        POD_ADDR.replace(
            "{\"family\":\"inet\",\"local\":\"10.252.0.5\"," + "\"prefixlen\":24},", "");
    String twoV4 =
        POD_ADDR.replace(
            "{\"family\":\"inet6\"",
            "{\"family\":\"inet\","
                + "\"local\":\"10.252.0.6\",\"prefixlen\":24},{\"family\":\"inet6\"");
    return Stream.of(
        Arguments.of(
            "no IPv4",
            NetnsView.parse(noV4, POD_ROUTES, "[]"),
            HOST,
            "pod network namespace /run/netns/cni-1: eth0 has no IPv4 address"),
        Arguments.of(
            "two IPv4",
            NetnsView.parse(twoV4, POD_ROUTES, "[]"),
            HOST,
            "pod network namespace /run/netns/cni-1: eth0 has more than one IPv4 address"
                + " [10.252.0.5/24, 10.252.0.6/24]"),
        Arguments.of(
            "no default route",
            NetnsView.parse(POD_ADDR, "[]", "[]"),
            HOST,
            "pod network namespace /run/netns/cni-1 has no default route: cannot tell the"
                + " pod's interface"),
        Arguments.of(
            "worker without default route",
            POD,
            NetnsView.parse(HOST_ADDR, "[]", "[]"),
            "the worker has no default route: set HOST_INTERFACE to the interface whose address"
                + " the pod VMs reach"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badNamespaces")
  void refusesWhatCannotBeTunnelled(String name, NetnsView pod, NetnsView host, String error) {
    assertThatThrownBy(() -> PodNetworkPlan.plan(NS, pod, host, SETTINGS, 0, 555000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(error);
  }

  @Test
  void aMissingHostInterfaceIsNamed() {
    assertThatThrownBy(
            () ->
                PodNetworkPlan.plan(
                    NS, POD, HOST, new TunnelSettings("vxlan", "bond0", 4789, 555000), 0, 555000))
        .hasMessage("HOST_INTERFACE bond0 does not exist on the worker");
  }

  static Stream<Arguments> vnis() {
    return Stream.of(
        Arguments.of(555000, Set.of(), 555000),
        Arguments.of(555000, Set.of(555000, 555001), 555002),
        Arguments.of(555000, Set.of(555001), 555000),
        Arguments.of(1, Set.of(1, 3), 2),
        Arguments.of(TunnelSettings.MAX_VNI, Set.of(), TunnelSettings.MAX_VNI));
  }

  @ParameterizedTest(name = "min {0}, in use {1}: {2}")
  @MethodSource("vnis")
  void vnisAreTheLowestFreeFromTheMinimum(int min, Set<Integer> inUse, int expected) {
    assertThat(Vnis.next(min, inUse)).isEqualTo(expected);
  }

  @Test
  void vnisRunOut() {
    assertThatThrownBy(() -> Vnis.next(TunnelSettings.MAX_VNI, Set.of(TunnelSettings.MAX_VNI)))
        .hasMessage("every VXLAN id from VXLAN_MIN_ID 16777215 to 16777215 is in use");
  }

  static Stream<Arguments> mtus() {
    return Stream.of(
        Arguments.of(1450, 1500, 1450),
        Arguments.of(1500, 1500, 1450),
        Arguments.of(1500, 1400, 1350),
        Arguments.of(8950, 9001, 8950),
        Arguments.of(1400, 9001, 1400));
  }

  @ParameterizedTest(name = "pod {0}, underlay {1}: {2}")
  @MethodSource("mtus")
  void theTunnelFitsTheUnderlay(int pod, int underlay, int expected) {
    assertThat(PodNetworkPlan.tunnelMtu(pod, underlay)).isEqualTo(expected);
  }
}
