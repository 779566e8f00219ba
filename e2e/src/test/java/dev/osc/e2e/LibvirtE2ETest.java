package dev.osc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.osc.api.Names;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.PeerPodsSettings;
import dev.osc.api.v1alpha1.PeerPod;
import dev.osc.caa.CaaDaemon;
import dev.osc.caa.CaaSettings;
import dev.osc.caa.Providers;
import dev.osc.caa.agent.AgentPath;
import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.CloudProvider;
import dev.osc.caa.hypervisor.HypervisorMessages;
import dev.osc.caa.image.ImageJob;
import dev.osc.caa.image.Images;
import dev.osc.caa.image.PeerPodsConfigMap;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.metrics.Metrics;
import dev.osc.testkit.Await;
import dev.osc.testkit.Crds;
import dev.osc.testkit.MockApi;
import dev.osc.testkit.net.NetLab;
import dev.osc.ttrpc.TtrpcClient;
import dev.osc.ttrpc.TtrpcException;
import dev.osc.ttrpc.UnixSockets;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;

/**
 * The IBM Z guide's flow on a real libvirt daemon with real QEMU (qemu:///system from
 * scripts/libvirt-testbed.sh): the image Job makes the pool and uploads the pod VM image
 * (scripts/podvm-image.sh) through a libvirt stream; the adaptor boots a VM from a qcow2 overlay
 * and a NoCloud seed, StartVM answers once the VM's forwarder answers over mutual TLS, an agent
 * Health call through the agent proxy reaches the VM's agent stand-in, and StopVM leaves nothing;
 * with the VXLAN pod tunnel, another pod on the node reaches the pod's address in the VM. The VMs
 * are on the test bed's isolated network; the test talks only to their addresses. Skipped with one
 * line without the test bed (not root, no libvirt).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibvirtE2ETest {
  static final String POOL = "oscv-e2e-pool";
  static final String POOL_DIR = "/var/lib/libvirt/images/oscv-e2e-pool";
  static final String VOLUME = "oscv-podvm-base.qcow2";
  static final String NS = "shop";

  /** Our pods' VMs are named podvm-oscv-...: only those are ever removed. */
  static final String POD_PREFIX = "oscv-";

  /** Sandbox ids are hex, as the shim's are (their first 8 characters name the VM). */
  static final String WEB = "5e1f0a0b0c0d0e0f5e1f0a0b0c0d0e0f";

  static final String NOBASE = "6e1f0a0b0c0d0e0f6e1f0a0b0c0d0e0f";
  static final String NOFW = "7e1f0a0b0c0d0e0f7e1f0a0b0c0d0e0f";
  static final String KILL = "8e1f0a0b0c0d0e0f8e1f0a0b0c0d0e0f";
  static final String TUNNEL = "9e1f0a0b0c0d0e0f9e1f0a0b0c0d0e0f";

  /** The node's pod CIDR for the tunnel test (a host bridge of its own, as CNI's bridge plugin). */
  static final String POD_SUBNET = "10.254.47";

  /** Port and first VNI of our own, so no other tunnel on this machine clashes with ours. */
  static final int VXLAN_PORT = 47_847;

  static final int VXLAN_MIN_ID = 4_747;

  private static String uri;
  private static String network;
  private static Path image;
  private static Connect virt;

  @TempDir Path dir;

  @BeforeAll
  static void testBed() throws Exception {
    uri = System.getenv("OSC_LIBVIRT_URI");
    network = System.getenv().getOrDefault("OSC_LIBVIRT_NET", "oscv-net");
    skipIf(
        uri == null,
        "OSC_LIBVIRT_URI is not set (scripts/test.sh sets it once"
            + " scripts/libvirt-testbed.sh runs libvirtd, which needs root)");
    try {
      virt = new Connect(uri);
    } catch (LinkageError | LibvirtException e) {
      skipIf(true, "cannot connect to " + uri + ": " + e.getMessage());
    }
    Path jar = Path.of("cli/target/osc.jar").toAbsolutePath();
    skipIf(!Files.isRegularFile(jar), jar + " is missing (mvn package builds it)");
    image = buildImage(jar);
    removeLeftovers();
  }

  @AfterAll
  static void cleanUp() throws LibvirtException {
    if (virt != null) {
      removeLeftovers();
      virt.close();
    }
  }

  /** Docs 6.2.2: no LIBVIRT_POOL yet, so the Job makes it at LIBVIRT_DIR_NAME and uploads. */
  @Test
  @Order(1)
  void theImageJobMakesThePoolAndUploadsTheImageThroughAStream() throws Exception {
    try (MockApi api = new MockApi()) {
      KubernetesClient client = api.client();
      namespace(client, Names.OPERATOR_NAMESPACE);
      client
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName(PeerPodsKeys.CONFIG_MAP)
                  .withNamespace(Names.OPERATOR_NAMESPACE)
                  .endMetadata()
                  .addToData(PeerPodsKeys.CLOUD_PROVIDER.name(), "libvirt")
                  .build())
          .create();
      Map<String, String> env =
          Map.of(
              "CLOUD_PROVIDER",
              "libvirt",
              "LIBVIRT_URI",
              uri,
              "LIBVIRT_POOL",
              POOL,
              "LIBVIRT_DIR_NAME",
              POOL_DIR,
              "LIBVIRT_VOL_NAME",
              VOLUME,
              "PODVM_IMAGE_URI",
              "file::" + image,
              "IMAGE_NAME",
              VOLUME);
      ImageJob.Outcome outcome =
          new ImageJob(
                  env,
                  new PeerPodsConfigMap(client, Names.OPERATOR_NAMESPACE),
                  Images::open,
                  Clock.systemUTC())
              .create();

      assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ImageJob.OK);
      assertThat(
              client
                  .configMaps()
                  .inNamespace(Names.OPERATOR_NAMESPACE)
                  .withName(PeerPodsKeys.CONFIG_MAP)
                  .get()
                  .getData())
          .containsEntry(PeerPodsKeys.LIBVIRT_IMAGE_ID.name(), VOLUME);
      StoragePool pool = virt.storagePoolLookupByName(POOL);
      assertThat(pool.isActive()).isEqualTo(1);
      assertThat(pool.getXMLDesc(0)).contains("<path>" + POOL_DIR + "</path>");
      // The volume holds the very bytes of the image: the stream upload worked.
      assertThat(sha256(Path.of(pool.storageVolLookupByName(VOLUME).getPath())))
          .isEqualTo(sha256(image));
    }
  }

  @Test
  @Order(2)
  void aPodVmBootsAnswersTheAgentHealthCallAndLeavesNothing() throws Exception {
    assumeTrue(volumeExists(), "the image upload failed");
    try (MockApi api = new MockApi();
        CloudProvider cloud = Providers.create(PeerPodsSettings.read(env(VOLUME)), null)) {
      KubernetesClient client = cluster(api, "oscv-web");
      try (CaaDaemon daemon =
          CaaDaemon.start(CaaSettings.from(env(VOLUME)), cloud, client, new Metrics())) {
        Path agentSocket =
            Path.of(
                HypervisorMessages.agentSocketPath(
                    call(HypervisorMessages.CREATE_VM, createVm(WEB, "oscv-web"))));
        call(HypervisorMessages.START_VM, HypervisorMessages.idRequest(WEB));

        List<String> domains = ourDomains();
        assertThat(domains).hasSize(1);
        Domain domain = virt.domainLookupByName(domains.get(0));
        String xml = domain.getXMLDesc(0);
        assertThat(xml).contains("<source network='" + network + "'");
        assertThat(ourVolumes())
            .hasSize(2)
            .allMatch(v -> v.endsWith("-root.qcow2") || v.endsWith("-cloudinit.iso"));

        // grpc.Health/Check through the agent proxy, the VM's forwarder, to its agent: SERVING.
        try (TtrpcClient shim = new TtrpcClient(UnixSockets.connect(agentSocket))) {
          assertThat(shim.call(AgentPath.HEALTH_SERVICE, "Check", new byte[0]))
              .containsExactly(0x08, 0x01);
          assertThatThrownBy(
                  () -> shim.call(AgentPath.AGENT_SERVICE, "CreateContainer", new byte[0]))
              .isInstanceOf(TtrpcException.class);
        }

        call(HypervisorMessages.STOP_VM, HypervisorMessages.idRequest(WEB));
        assertThat(ourDomains()).isEmpty();
        assertThat(ourVolumes()).isEmpty();
      }
    }
  }

  /**
   * `osc caa --provider libvirt` killed (SIGKILL) while its VM boots, then started again: the VM of
   * the live pod is adopted and StopVM removes it, or it is deleted; nothing is left.
   */
  @Test
  @Order(2)
  void anAdaptorKilledWhileItsVmBootsLeavesNothingAfterARestart() throws Exception {
    assumeTrue(volumeExists(), "the image upload failed");
    try (MockApi api = new MockApi();
        CloudProvider cloud = Providers.create(PeerPodsSettings.read(env(VOLUME)), null)) {
      KubernetesClient client = cluster(api, "oscv-kill");
      Path kubeconfig =
          Files.writeString(
              dir.resolve("kubeconfig"),
              "apiVersion: v1\n"
                  + "kind: Config\nclusters:\n- name: mock\n  cluster:\n    server: "
                  + api.url()
                  + "\ncontexts:\n- name: mock\n  context:\n    cluster: mock\n    user: mock\n"
                  + "current-context: mock\nusers:\n- name: mock\n  user:\n    token: mock\n");
      ProcessBuilder pb =
          new ProcessBuilder(
                  "java",
                  "-jar",
                  Path.of("cli/target/osc.jar").toAbsolutePath().toString(),
                  "caa",
                  "--provider",
                  "libvirt")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("caa.log").toFile());
      pb.environment().putAll(env(VOLUME));
      pb.environment().put("KUBECONFIG", kubeconfig.toString());
      Process adaptor = pb.start();
      try {
        Await.until(
            Duration.ofSeconds(60),
            "the adaptor serves its socket",
            () -> Files.exists(dir.resolve("hypervisor.sock")) || !adaptor.isAlive());
        assertThat(adaptor.isAlive()).as("osc caa runs (see %s)", dir.resolve("caa.log")).isTrue();
        call(HypervisorMessages.CREATE_VM, createVm(KILL, "oscv-kill"));
        Thread starter =
            new Thread(
                () -> {
                  try {
                    call(HypervisorMessages.START_VM, HypervisorMessages.idRequest(KILL));
                  } catch (Exception expected) {
                    // The adaptor dies under it.
                  }
                });
        starter.start();
        Await.until(
            Duration.ofMinutes(2),
            "the VM is booting",
            () -> {
              try {
                return !ourDomains().isEmpty() || !starter.isAlive();
              } catch (LibvirtException e) {
                return false;
              }
            });
        assertThat(ourDomains())
            .as("a domain, see the adaptor's log:%n%s", Files.readString(dir.resolve("caa.log")))
            .hasSize(1);
        adaptor.destroyForcibly().waitFor();
        starter.join(30_000);
      } finally {
        adaptor.destroyForcibly().waitFor();
      }
      assertThat(ourDomains()).hasSize(1);

      try (CaaDaemon restarted =
          CaaDaemon.start(CaaSettings.from(env(VOLUME)), cloud, client, new Metrics())) {
        if (restarted.vms().sandboxes().containsKey(KILL)) {
          call(HypervisorMessages.STOP_VM, HypervisorMessages.idRequest(KILL));
        }
      }
      assertThat(ourDomains()).isEmpty();
      assertThat(ourVolumes()).isEmpty();
      assertThat(client.resources(PeerPod.class).inNamespace(NS).list().getItems()).isEmpty();
    }
  }

  /**
   * The pod network tunnel to a real VM: the pod's namespace made as CNI's bridge plugin makes it,
   * CreateVM with TUNNEL_TYPE vxlan and the worker's end on the test bed's bridge (the address the
   * VMs reach). Another pod on the node pings the pod's address: the namespace on the node no
   * longer answers (tc sends everything into the tunnel), so the answers come from the pod
   * namespace the forwarder made in the VM, back through the VXLAN device.
   */
  @Test
  @Order(2)
  void anotherPodPingsThePodAddressAnsweredInTheVmOverVxlanAndNothingIsLeft() throws Exception {
    assumeTrue(volumeExists(), "the image upload failed");
    String why = NetLab.unavailable();
    assumeTrue(why == null, why);
    Map<String, String> env = new HashMap<>(env(VOLUME));
    env.put("TUNNEL_TYPE", "vxlan");
    env.put("HOST_INTERFACE", bridgeOf(network));
    env.put("VXLAN_PORT", Integer.toString(VXLAN_PORT));
    env.put("VXLAN_MIN_ID", Integer.toString(VXLAN_MIN_ID));
    String podIp = POD_SUBNET + ".5";
    try (NetLab pods = new NetLab("wvm", POD_SUBNET);
        MockApi api = new MockApi();
        CloudProvider cloud = Providers.create(PeerPodsSettings.read(env), null)) {
      String pod = pods.pod("web", 5, 1450);
      String other = pods.pod("cli", 6, 1450);
      KubernetesClient client = cluster(api, "oscv-tun");
      try (CaaDaemon daemon =
          CaaDaemon.start(CaaSettings.from(env), cloud, client, new Metrics())) {
        call(
            HypervisorMessages.CREATE_VM,
            new HypervisorMessages.CreateVmRequest(
                    TUNNEL,
                    Map.of(
                        SandboxRequest.SANDBOX_NAME,
                        "oscv-tun",
                        SandboxRequest.SANDBOX_NAMESPACE,
                        NS),
                    pod)
                .encode());
        call(HypervisorMessages.START_VM, HypervisorMessages.idRequest(TUNNEL));
        assertThat(ourDomains()).hasSize(1);

        long before = tunnelRxPackets(pod);
        // The forwarder sets up the VM's pod namespace as it starts; ARP may take a moment too.
        Await.until(Duration.ofMinutes(1), "the pod's address answers", () -> ping(other, podIp));
        assertThat(tunnelRxPackets(pod) - before)
            .as("answers that came back through the tunnel")
            .isGreaterThanOrEqualTo(1);

        call(HypervisorMessages.STOP_VM, HypervisorMessages.idRequest(TUNNEL));
        assertThat(NetLab.run(pod, "ip", "-br", "link")).doesNotContain("vxlan");
        assertThat(NetLab.run(null, "ip", "-br", "link")).doesNotContain("ppvx" + VXLAN_MIN_ID);
        assertThat(ourDomains()).isEmpty();
        assertThat(ourVolumes()).isEmpty();
        assertThat(client.resources(PeerPod.class).inNamespace(NS).list().getItems()).isEmpty();
      }
    }
  }

  /** The bridge of a libvirt network: the worker's address on it is the one its VMs reach. */
  private static String bridgeOf(String name) throws LibvirtException {
    Matcher m =
        Pattern.compile("<bridge name='([^']+)'")
            .matcher(virt.networkLookupByName(name).getXMLDesc(0));
    assertThat(m.find()).as("network %s has a bridge", name).isTrue();
    return m.group(1);
  }

  /** Packets the worker's end of the pod's tunnel received from the VM. */
  private static long tunnelRxPackets(String netns) throws IOException {
    Matcher m =
        Pattern.compile("\"rx\":\\{\"bytes\":\\d+,\"packets\":(\\d+)")
            .matcher(NetLab.run(netns, "ip", "-s", "-j", "link", "show", "vxlan1"));
    assertThat(m.find()).as("vxlan1 statistics in %s", netns).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static boolean ping(String netns, String address) {
    try {
      Process p =
          new ProcessBuilder("nsenter", "--net=" + netns, "ping", "-c", "1", "-W", "2", address)
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  @Order(3)
  void aMissingBaseVolumeIsNamedAndNothingIsLeft() throws Exception {
    try (MockApi api = new MockApi();
        CloudProvider cloud =
            Providers.create(PeerPodsSettings.read(env("oscv-missing.qcow2")), null)) {
      KubernetesClient client = cluster(api, "oscv-nobase");
      try (CaaDaemon daemon =
          CaaDaemon.start(
              CaaSettings.from(env("oscv-missing.qcow2")), cloud, client, new Metrics())) {
        call(HypervisorMessages.CREATE_VM, createVm(NOBASE, "oscv-nobase"));
        assertThatThrownBy(
                () -> call(HypervisorMessages.START_VM, HypervisorMessages.idRequest(NOBASE)))
            .hasMessageContaining(
                "base volume 'oscv-missing.qcow2' not found in pool '" + POOL + "'");
      }
    }
    assertThat(ourDomains()).isEmpty();
    assertThat(ourVolumes()).isEmpty();
  }

  @Test
  @Order(3)
  void anUnknownPoolIsNamed() {
    Map<String, String> env = new HashMap<>(env(VOLUME));
    env.put("LIBVIRT_POOL", "oscv-no-such-pool");
    assertThatThrownBy(() -> Providers.create(PeerPodsSettings.read(env), null))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining("storage pool 'oscv-no-such-pool'");
  }

  /** QEMU refuses to start without its firmware: the error names the domain, nothing stays. */
  @Test
  @Order(3)
  void aDomainThatFailsToStartIsNamedAndNothingIsLeft() throws Exception {
    assumeTrue(volumeExists(), "the image upload failed");
    Map<String, String> env = new HashMap<>(env(VOLUME));
    env.put("LIBVIRT_EFI_FIRMWARE", "/nonexistent/OVMF_CODE.fd");
    try (MockApi api = new MockApi();
        CloudProvider cloud = Providers.create(PeerPodsSettings.read(env), null)) {
      KubernetesClient client = cluster(api, "oscv-nofw");
      try (CaaDaemon daemon =
          CaaDaemon.start(CaaSettings.from(env), cloud, client, new Metrics())) {
        call(HypervisorMessages.CREATE_VM, createVm(NOFW, "oscv-nofw"));
        assertThatThrownBy(
                () -> call(HypervisorMessages.START_VM, HypervisorMessages.idRequest(NOFW)))
            .hasMessageContaining("create domain podvm-oscv-nofw-7e1f0a0b")
            .hasMessageContaining("/nonexistent/OVMF_CODE.fd");
      }
    }
    assertThat(ourDomains()).isEmpty();
    assertThat(ourVolumes()).isEmpty();
  }

  private Map<String, String> env(String baseVolume) {
    Map<String, String> env = new HashMap<>();
    env.put("CLOUD_PROVIDER", "libvirt");
    env.put("NODE_NAME", "worker-0");
    env.put("REMOTE_HYPERVISOR_ENDPOINT", dir.resolve("hypervisor.sock").toString());
    env.put("PODS_DIR", dir.resolve("pods").toString());
    env.put("FORWARDER_CA_DIR", dir.resolve("ca").toString());
    env.put("PROXY_TIMEOUT", "5m");
    env.put("METRICS_PORT", "0");
    // No pod network namespace here: the shim is played by the test.
    env.put("TUNNEL_TYPE", "none");
    env.put("LIBVIRT_URI", uri);
    env.put("LIBVIRT_POOL", POOL);
    env.put("LIBVIRT_NET", network);
    env.put("LIBVIRT_VOL_NAME", baseVolume);
    env.put("LIBVIRT_CPU", "2");
    env.put("LIBVIRT_MEMORY", "768");
    return env;
  }

  private byte[] call(String method, byte[] request) throws Exception {
    try (TtrpcClient shim = new TtrpcClient(UnixSockets.connect(dir.resolve("hypervisor.sock")))) {
      return shim.call(HypervisorMessages.SERVICE, method, request);
    }
  }

  private static byte[] createVm(String sandboxId, String pod) {
    return new HypervisorMessages.CreateVmRequest(
            sandboxId,
            Map.of(SandboxRequest.SANDBOX_NAME, pod, SandboxRequest.SANDBOX_NAMESPACE, NS),
            "")
        .encode();
  }

  private static KubernetesClient cluster(MockApi api, String pod) {
    KubernetesClient client = api.client();
    Crds.installOurs(client);
    namespace(client, "kube-system");
    namespace(client, NS);
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(pod)
                .withNamespace(NS)
                .withUid("uid-" + pod)
                .endMetadata()
                .build())
        .create();
    return client;
  }

  private static void namespace(KubernetesClient client, String name) {
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  private static void skipIf(boolean skip, String why) {
    if (skip) {
      System.err.println("LibvirtE2ETest skipped: " + why);
    }
    assumeTrue(!skip, why);
  }

  /** scripts/podvm-image.sh: cached after the first build; exit 3 means it cannot run here. */
  private static Path buildImage(Path jar) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("scripts/podvm-image.sh", jar.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(20, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("scripts/podvm-image.sh took over 20 minutes");
    }
    skipIf(p.exitValue() == 3, "scripts/podvm-image.sh cannot build the pod VM image here");
    assertThat(p.exitValue()).as("scripts/podvm-image.sh exit code").isZero();
    return Path.of(out);
  }

  static Path image() {
    return image;
  }

  private static boolean volumeExists() {
    try {
      virt.storagePoolLookupByName(POOL).storageVolLookupByName(VOLUME);
      return true;
    } catch (LibvirtException e) {
      return false;
    }
  }

  /** Domains of our test pods, running or not. */
  static List<String> ourDomains() throws LibvirtException {
    List<String> names = new ArrayList<>(Arrays.asList(virt.listDefinedDomains()));
    for (int id : virt.listDomains()) {
      names.add(virt.domainLookupByID(id).getName());
    }
    return names.stream().filter(n -> n.startsWith("podvm-" + POD_PREFIX)).sorted().toList();
  }

  /** The VMs' volumes in the test pool (the base image excepted). */
  static List<String> ourVolumes() throws LibvirtException {
    StoragePool pool = virt.storagePoolLookupByName(POOL);
    pool.refresh(0);
    return Arrays.stream(pool.listVolumes()).filter(v -> !v.equals(VOLUME)).sorted().toList();
  }

  /** What an earlier, killed run may have left: our domains, then the test pool. */
  static void removeLeftovers() throws LibvirtException {
    for (String name : ourDomains()) {
      Domain d = virt.domainLookupByName(name);
      if (d.isActive() == 1) {
        d.destroy();
      }
      d.undefine(4);
    }
    StoragePool pool;
    try {
      pool = virt.storagePoolLookupByName(POOL);
    } catch (LibvirtException e) {
      return;
    }
    if (pool.isActive() == 0) {
      pool.create(0);
    }
    pool.refresh(0);
    for (String v : pool.listVolumes()) {
      pool.storageVolLookupByName(v).delete(0);
    }
    pool.destroy();
    pool.delete(0);
    pool.undefine();
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 20];
      for (int n = in.read(buf); n > 0; n = in.read(buf)) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
