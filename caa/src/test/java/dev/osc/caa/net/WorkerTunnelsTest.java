package dev.osc.caa.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.osc.testkit.net.NetLab;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker side of the tunnel on real kernel networking: what it makes, and what it leaves. */
class WorkerTunnelsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PORT = 47_811;
  private NetLab lab;

  @BeforeEach
  void lab() throws Exception {
    String why = NetLab.unavailable();
    Assumptions.assumeTrue(why == null, why);
    lab = new NetLab("wt", "10.252.31");
  }

  @AfterEach
  void cleanUp() {
    if (lab != null) {
      lab.close();
    }
  }

  private static WorkerTunnels tunnels(int port) {
    return new WorkerTunnels(new TunnelSettings("vxlan", null, port, 555000));
  }

  @Test
  void makesPointsAndRemovesTheTunnel() throws Exception {
    String pod = lab.pod("p", 5, 1450);
    WorkerTunnels tunnels = tunnels(PORT);
    PodTunnel t = tunnels.prepare("s1", pod);
    assertThat(t.network().podIp()).isEqualTo("10.252.31.5/24");
    assertThat(t.network().vxlanId()).isEqualTo(555000);
    JsonNode dev = JSON.readTree(Ip.run(pod, "ip", "-json", "-d", "link", "show", "vxlan1")).get(0);
    assertThat(dev.at("/linkinfo/info_data/id").asInt()).isEqualTo(555000);
    assertThat(dev.at("/linkinfo/info_data/port").asInt()).isEqualTo(PORT);
    assertThat(dev.path("flags").toString()).contains("\"UP\"");
    NetnsView host = Ip.inspect(null);
    int hostMtu = host.link(PodNetworkPlan.primary(host).orElseThrow().dev()).orElseThrow().mtu();
    assertThat(dev.path("mtu").asInt()).isEqualTo(PodNetworkPlan.tunnelMtu(1450, hostMtu));
    // A second pod gets the next id.
    PodTunnel t2 = tunnels.prepare("s2", lab.pod("q", 6, 1450));
    assertThat(t2.network().vxlanId()).isEqualTo(555001);

    tunnels.connect(t, "10.251.31.2");
    assertThat(Ip.run(pod, "bridge", "fdb", "show", "dev", "vxlan1"))
        .contains("00:00:00:00:00:00 dst 10.251.31.2");
    assertThat(Ip.run(pod, "tc", "filter", "show", "dev", "eth0", "ingress"))
        .contains("Egress Redirect to device vxlan1");
    assertThat(Ip.run(pod, "tc", "filter", "show", "dev", "vxlan1", "ingress"))
        .contains("Egress Redirect to device eth0");

    tunnels.remove(t);
    assertThat(Ip.inspect(pod).link("vxlan1")).isEmpty();
    assertThat(Ip.run(pod, "tc", "qdisc", "show", "dev", "eth0")).doesNotContain("ingress");
    // Its id is free again.
    assertThat(tunnels.prepare("s3", pod).network().vxlanId()).isEqualTo(555000);
    assertNoTemporaryDevice();
  }

  @Test
  void aMissingNamespaceIsNamed() {
    WorkerTunnels tunnels = tunnels(PORT);
    assertThatThrownBy(() -> tunnels.prepare("s1", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the network namespace path is empty");
    assertThatThrownBy(() -> tunnels.prepare("s1", "/run/netns/oscnwtnone"))
        .hasMessage("CreateVM: the pod network namespace /run/netns/oscnwtnone does not exist");
  }

  @Test
  void aPodWithoutIpv4IsRefusedAndNothingIsMade() throws Exception {
    String pod = lab.pod("p", 5, 1450);
    Ip.run(pod, "ip", "addr", "flush", "dev", "eth0");
    Ip.run(pod, "ip", "route", "add", "default", "dev", "eth0");
    assertThatThrownBy(() -> tunnels(PORT).prepare("s1", pod))
        .hasMessage("pod network namespace " + pod + ": eth0 has no IPv4 address");
    assertThat(Ip.inspect(pod).link("vxlan1")).isEmpty();
  }

  @Test
  void aVniClashIsNamedAndNothingIsLeft() throws Exception {
    String pod = lab.pod("p", 5, 1450);
    String other = "oscnwtclash";
    Ip.run(
        null,
        "ip",
        "link",
        "add",
        other,
        "type",
        "vxlan",
        "id",
        "555000",
        "dstport",
        Integer.toString(PORT));
    try {
      WorkerTunnels tunnels = tunnels(PORT);
      assertThatThrownBy(() -> tunnels.prepare("s1", pod))
          .hasMessageStartingWith(
              "CreateVM: VXLAN id 555000 on UDP port "
                  + PORT
                  + " is already used by another VXLAN device on this worker (choose another"
                  + " VXLAN_MIN_ID)");
      assertThat(Ip.inspect(pod).link("vxlan1")).isEmpty();
      assertNoTemporaryDevice();
    } finally {
      Ip.run(null, "ip", "link", "del", other);
    }
  }

  @Test
  void aPortClashIsNamedAndNothingIsLeft() throws Exception {
    String pod = lab.pod("p", 5, 1450);
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(PORT + 1))) {
      assertThatThrownBy(() -> tunnels(PORT + 1).prepare("s1", pod))
          .hasMessageStartingWith(
              "CreateVM: UDP port "
                  + (PORT + 1)
                  + " (VXLAN_PORT) is in use by another program on this worker");
      assertThat(Ip.inspect(pod).link("vxlan1")).isEmpty();
      assertNoTemporaryDevice();
    }
  }

  private static void assertNoTemporaryDevice() throws Exception {
    assertThat(Ip.inspect(null).links()).noneMatch(l -> l.name().startsWith("ppvx"));
  }
}
