package dev.osc.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.v1alpha1.PeerPod;
import dev.osc.caa.CaaDaemon;
import dev.osc.caa.CaaSettings;
import dev.osc.caa.cloud.local.LocalProvider;
import dev.osc.caa.cloud.local.NetnsVms;
import dev.osc.caa.hypervisor.HypervisorMessages;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.metrics.Metrics;
import dev.osc.testkit.LocalAdaptorEnv;
import dev.osc.testkit.MockApi;
import dev.osc.testkit.PeerPodCluster;
import dev.osc.testkit.net.NetLab;
import dev.osc.ttrpc.TtrpcClient;
import dev.osc.ttrpc.TtrpcException;
import dev.osc.ttrpc.UnixSockets;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer pod's network end to end on real kernel networking: the pod's namespace made as the CNI
 * bridge plugin makes it, the adaptor ({@code osc caa}, local provider) whose VMs are network
 * namespaces on a host bridge each running {@code osc forwarder} as a process, and traffic from
 * another pod on the node to a server in the VM's pod namespace at the pod's address. Needs root.
 */
class PodNetworkE2ETest {
  static final int FORWARDER_PORT = 15_150;
  static final int VXLAN_PORT = 47_831;
  static final String POD_SUBNET = "10.252.41";
  static final String VM_SUBNET = "10.251.41";
  static final String POD_IP = POD_SUBNET + ".5";

  @TempDir Path dir;
  private NetLab pods;
  private NetLab vms;
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void lab() throws Exception {
    String why = NetLab.unavailable();
    Assumptions.assumeTrue(why == null, why);
    pods = new NetLab("e2p", POD_SUBNET);
    vms = new NetLab("e2v", VM_SUBNET);
  }

  @AfterEach
  void cleanUp() {
    processes.forEach(Process::destroyForcibly);
    if (pods != null) {
      pods.close();
      vms.close();
    }
  }

  private Map<String, String> env() {
    Map<String, String> env =
        new HashMap<>(
            LocalAdaptorEnv.in(dir, "worker-0")
                .with(PeerPodsKeys.FORWARDER_PORT, Integer.toString(FORWARDER_PORT))
                .with(PeerPodsKeys.PROXY_TIMEOUT, "60s")
                .with(PeerPodsKeys.VXLAN_PORT, Integer.toString(VXLAN_PORT))
                .build());
    env.put("TUNNEL_TYPE", "vxlan");
    return env;
  }

  static List<String> java(String mainClass) {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp",
        System.getProperty("java.class.path"),
        mainClass);
  }

  /** The VM side: {@code osc forwarder}; UpstreamApfE2ETest puts upstream's APF there. */
  NetnsVms.Launcher forwarder() throws Exception {
    return NetnsVms.Launcher.osc(java("dev.osc.cli.Osc"));
  }

  private LocalProvider cloud() throws Exception {
    return new LocalProvider(
        Duration.ZERO,
        new NetnsVms(
            forwarder(), "oscne", vms.bridge(), VM_SUBNET, FORWARDER_PORT, dir.resolve("vms")));
  }

  private static MockApi cluster() {
    MockApi api = new MockApi();
    PeerPodCluster.withPod(api.client(), "shop", "web");
    return api;
  }

  private byte[] call(String method, byte[] request) throws Exception {
    try (TtrpcClient shim = new TtrpcClient(UnixSockets.connect(dir.resolve("hypervisor.sock")))) {
      return shim.call(HypervisorMessages.SERVICE, method, request);
    }
  }

  private byte[] createVm(String sid, String netns) throws Exception {
    return call(
        HypervisorMessages.CREATE_VM,
        new HypervisorMessages.CreateVmRequest(
                sid,
                Map.of(
                    SandboxRequest.SANDBOX_NAME, "web", SandboxRequest.SANDBOX_NAMESPACE, "shop"),
                netns)
            .encode());
  }

  /** A process in a namespace; waits for its first line when {@code ready} is set. */
  private Process in(String netns, boolean ready, String... probe) throws Exception {
    List<String> argv = new ArrayList<>(List.of("nsenter", "--net=" + netns));
    argv.addAll(java("dev.osc.dev.NetProbe"));
    argv.addAll(List.of(probe));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    processes.add(p);
    if (ready) {
      String line =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertThat(line).as("probe %s in %s", String.join(" ", probe), netns).isEqualTo("ready");
    }
    return p;
  }

  private static String output(Process p) throws Exception {
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
  }

  @Test
  void anotherPodReachesTheServerInTheVmAtThePodsAddressAndNothingIsLeft() throws Exception {
    String pod = pods.pod("web", 5, 1450);
    String client = pods.pod("cli", 6, 1450);
    try (MockApi api = cluster();
        LocalProvider cloud = cloud();
        CaaDaemon caa =
            CaaDaemon.start(CaaSettings.from(env()), cloud, api.client(), new Metrics())) {
      createVm("sid-1", pod);
      call(HypervisorMessages.START_VM, HypervisorMessages.idRequest("sid-1"));
      var vm = cloud.instances().values().iterator().next();
      String vmPodNs = NetLab.path("oscnevm" + vm.id().substring("local-".length()) + "p");

      in(vmPodNs, true, "echo", POD_IP, "8080");
      assertThat(output(in(client, false, "ask", POD_IP, "8080", "hello"))).isEqualTo("pong hello");
      assertThat(ping(client, POD_IP)).as("ping from another pod").isTrue();
      assertThat(ping(vmPodNs, pods.gateway())).as("ping from the VM's pod to the node").isTrue();

      agentCallsFailNamingTheMissingAgent();

      call(HypervisorMessages.STOP_VM, HypervisorMessages.idRequest("sid-1"));
      assertThat(cloud.instances()).isEmpty();
      assertThat(api.client().resources(PeerPod.class).inAnyNamespace().list().getItems())
          .isEmpty();
      assertThat(NetLab.run(pod, "ip", "-br", "link")).doesNotContain("vxlan");
      assertThat(NetLab.run(null, "ip", "netns", "list")).doesNotContain("oscnevm");
      assertThat(NetLab.run(null, "ip", "-br", "link")).doesNotContain("ppvx");
    }
  }

  @Test
  void aRestartedAdaptorGivesAnAdoptedVmItsTunnelBack() throws Exception {
    String pod = pods.pod("web", 5, 1450);
    String client = pods.pod("cli", 6, 1450);
    try (MockApi api = cluster();
        LocalProvider cloud = cloud()) {
      try (CaaDaemon first =
          CaaDaemon.start(CaaSettings.from(env()), cloud, api.client(), new Metrics())) {
        createVm("sid-1", pod);
        call(HypervisorMessages.START_VM, HypervisorMessages.idRequest("sid-1"));
      }
      var vm = cloud.instances().values().iterator().next();
      in(
          NetLab.path("oscnevm" + vm.id().substring("local-".length()) + "p"),
          true,
          "echo",
          POD_IP,
          "8080");
      // While no adaptor runs, the tunnel device is lost (e.g. removed by hand).
      NetLab.run(pod, "tc", "qdisc", "del", "dev", "eth0", "ingress");
      NetLab.run(pod, "ip", "link", "del", "vxlan1");
      try (CaaDaemon second =
          CaaDaemon.start(CaaSettings.from(env()), cloud, api.client(), new Metrics())) {
        assertThat(second.vms().sandboxes()).containsKey("sid-1");
        assertThat(output(in(client, false, "ask", POD_IP, "8080", "again")))
            .isEqualTo("pong again");
        call(HypervisorMessages.STOP_VM, HypervisorMessages.idRequest("sid-1"));
      }
      assertThat(NetLab.run(pod, "ip", "-br", "link")).doesNotContain("vxlan");
      assertThat(cloud.instances()).isEmpty();
    }
  }

  @Test
  void aPortClashFailsCreateVmNamingTheSetting() throws Exception {
    String pod = pods.pod("web", 5, 1450);
    try (MockApi api = cluster();
        LocalProvider cloud = cloud();
        CaaDaemon caa =
            CaaDaemon.start(CaaSettings.from(env()), cloud, api.client(), new Metrics());
        var taken = new java.net.DatagramSocket(new java.net.InetSocketAddress(VXLAN_PORT))) {
      assertThatThrownBy(() -> createVm("sid-1", pod))
          .hasMessageContaining(
              "UDP port "
                  + VXLAN_PORT
                  + " (VXLAN_PORT) is in use by another"
                  + " program on this worker");
      assertThat(caa.vms().sandboxes()).isEmpty();
      assertThat(NetLab.run(pod, "ip", "-br", "link")).doesNotContain("vxlan");
    }
  }

  /** The VM has no kata agent: an agent call through the proxy fails at once, saying so. */
  void agentCallsFailNamingTheMissingAgent() throws Exception {
    try (TtrpcClient shim =
        new TtrpcClient(UnixSockets.connect(dir.resolve("pods/sid-1/agent.ttrpc")))) {
      assertThatThrownBy(
              () ->
                  shim.call(
                      "grpc.Health",
                      "Check",
                      new byte[0],
                      dev.osc.ttrpc.CallOptions.timeout(Duration.ofMinutes(10))))
          .hasMessageContaining("cannot reach the kata agent at");
    }
  }

  @Test
  void badNamespacesFailCreateVmNamingTheProblemAndLeaveNothing() throws Exception {
    String noIpv4 = pods.pod("bare", 7, 1450);
    NetLab.run(noIpv4, "ip", "addr", "flush", "dev", "eth0");
    NetLab.run(noIpv4, "ip", "route", "add", "default", "dev", "eth0");
    try (MockApi api = cluster();
        LocalProvider cloud = cloud();
        CaaDaemon caa =
            CaaDaemon.start(CaaSettings.from(env()), cloud, api.client(), new Metrics())) {
      assertThatThrownBy(() -> createVm("sid-1", ""))
          .isInstanceOf(TtrpcException.class)
          .hasMessageContaining("the network namespace path is empty");
      assertThatThrownBy(() -> createVm("sid-2", "/run/netns/oscnenone"))
          .hasMessageContaining("the pod network namespace /run/netns/oscnenone does not exist");
      assertThatThrownBy(() -> createVm("sid-3", noIpv4))
          .hasMessageContaining("eth0 has no IPv4 address");
      assertThat(caa.vms().sandboxes()).isEmpty();
      assertThat(NetLab.run(noIpv4, "ip", "-br", "link")).doesNotContain("vxlan");
      String[] sandboxDirs = dir.resolve("pods").toFile().list();
      assertThat(sandboxDirs == null ? new String[0] : sandboxDirs)
          .allSatisfy(
              sid -> assertThat(dir.resolve("pods").resolve(sid).toFile().list()).isEmpty());
    }
  }

  private boolean ping(String netns, String address) throws Exception {
    Process p =
        new ProcessBuilder("nsenter", "--net=" + netns, "ping", "-c", "2", "-W", "2", address)
            .redirectErrorStream(true)
            .start();
    processes.add(p);
    output(p);
    return p.exitValue() == 0;
  }
}
