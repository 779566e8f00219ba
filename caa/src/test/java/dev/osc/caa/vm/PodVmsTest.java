package dev.osc.caa.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.api.PeerPods;
import dev.osc.api.v1alpha1.PeerPod;
import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.CloudProvider;
import dev.osc.caa.cloud.Instance;
import dev.osc.caa.cloud.InstanceSpec;
import dev.osc.caa.cloud.InstanceTags;
import dev.osc.caa.cloud.LaunchRequest;
import dev.osc.caa.cloud.local.LocalProvider;
import dev.osc.caa.forwarder.ForwarderConfig;
import dev.osc.caa.metrics.VmMetrics;
import dev.osc.caa.model.CloudConfig;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.caa.net.PodNetwork;
import dev.osc.caa.net.PodTunnel;
import dev.osc.caa.tls.ForwarderCa;
import dev.osc.caa.tls.ForwarderCredentials;
import dev.osc.caa.tls.ForwarderTls;
import dev.osc.metrics.Metrics;
import dev.osc.testkit.Crds;
import dev.osc.testkit.MockApi;
import dev.osc.testkit.PeerPodCluster;
import dev.osc.tls.Pem;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The VM lifecycle against an API server and a cloud: every VM recorded, nothing left behind by
 * failures, and an adaptor killed at any step converges on restart with no VM leaked.
 */
class PodVmsTest {
  static final String NS = "shop";
  static final Path PODS_DIR = podsDir();
  static final PodVmSettings SETTINGS =
      new PodVmSettings(
          "worker-0",
          "cluster-1",
          VmLimit.fixed(3),
          null,
          Map.of("team", "payments"),
          PODS_DIR,
          null);

  private static Path podsDir() {
    try {
      Path dir = java.nio.file.Files.createTempDirectory("osc-pods");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The adaptor process dying: nothing on the way out cleans up. */
  static final class Killed extends Error {
    Killed(Step step) {
      super("killed at " + step);
    }
  }

  private MockApi api;
  private KubernetesClient client;
  private final LocalProvider cloud =
      new LocalProvider(java.time.Duration.ZERO, LocalProvider.VmBooter.NOTHING);
  private final Metrics registry = new Metrics();
  private final VmMetrics metrics = new VmMetrics(registry);

  @BeforeEach
  void cluster() {
    api = new MockApi();
    client = api.client();
    Crds.installOurs(client);
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
  }

  @AfterEach
  void close() {
    api.close();
  }

  private void pod(String name) {
    PeerPodCluster.kataRemotePod(client, NS, name);
  }

  private void deletePod(String name) {
    client.pods().inNamespace(NS).withName(name).delete();
  }

  private PodVms adaptor(Faults faults) throws CloudException {
    return new PodVms(cloud, new PeerPodLedger(client), SETTINGS, faults, metrics);
  }

  private static Faults killAt(Step step, String sandbox) {
    return (at, sid) -> {
      if (at == step && sid.equals(sandbox)) {
        throw new Killed(step);
      }
    };
  }

  private static SandboxRequest request(String pod, String sandbox) {
    return new SandboxRequest(sandbox, pod, NS, null, 0, 0, 0, null, null);
  }

  private List<PeerPod> peerPods() {
    return client.resources(PeerPod.class).inNamespace(NS).list().getItems();
  }

  /** The shim's deadline passed while the cloud made the VM: it is deleted, not recorded. */
  @Test
  void aStartCancelledWhileTheCloudWorksLeavesNothing() throws Exception {
    pod("web");
    LocalProvider slow =
        new LocalProvider(java.time.Duration.ofMillis(300), LocalProvider.VmBooter.NOTHING);
    PodVms vms = new PodVms(slow, new PeerPodLedger(client), SETTINGS, Faults.NONE, metrics);
    vms.create(request("web", "s1"));
    var answer = vms.startAsync("s1");
    assertThat(slow.instances()).hasSize(1); // asked for, being made
    answer.cancel(false);

    await(() -> slow.instances().isEmpty() && peerPods().isEmpty() && vms.sandboxes().isEmpty());
    assertThat(registry.render()).contains("osc_caa_vm_failures_total{reason=\"record\"} 1");
  }

  /** As many sandboxes as the limit, all planned at once: none is refused. */
  @Test
  void aBurstUpToTheLimitIsPlannedWhole() throws Exception {
    int limit = 200;
    PodVmSettings settings =
        new PodVmSettings(
            SETTINGS.node(),
            SETTINGS.clusterId(),
            VmLimit.fixed(limit),
            null,
            SETTINGS.userTags(),
            SETTINGS.podsDir(),
            null);
    for (int round = 0; round < 10; round++) {
      PodVms vms = new PodVms(cloud, new PeerPodLedger(client), settings, Faults.NONE, metrics);
      var go = new java.util.concurrent.CountDownLatch(1);
      var pool = java.util.concurrent.Executors.newFixedThreadPool(limit);
      try {
        List<java.util.concurrent.Future<Path>> planned = new java.util.ArrayList<>();
        for (int i = 0; i < limit; i++) {
          String sid = "r" + round + "s" + i;
          planned.add(
              pool.submit(
                  () -> {
                    go.await();
                    return vms.create(request("p" + sid, sid));
                  }));
        }
        go.countDown();
        for (var p : planned) {
          assertThat(p.get(60, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
        }
        assertThat(vms.sandboxes()).hasSize(limit);
        assertThatThrownBy(() -> vms.create(request("one-more", "over")))
            .isInstanceOf(VmLimitReached.class)
            .hasMessageContaining("already runs " + limit + " peer pod VMs, its limit");
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** Two hundred VMs being made at once wait on the cloud without a thread each. */
  @Test
  void startsAwaitingTheCloudHoldNoThreads() throws Exception {
    var cloudAnswers = new java.util.concurrent.CompletableFuture<Void>();
    CloudProvider held =
        new CloudProvider() {
          @Override
          public String name() {
            return cloud.name();
          }

          @Override
          public Instance create(LaunchRequest request) {
            throw new AssertionError("StartVM must not wait on a thread for the cloud");
          }

          @Override
          public java.util.concurrent.CompletableFuture<Instance> createAsync(
              LaunchRequest request, java.util.concurrent.Executor blocking) {
            return cloudAnswers.thenCompose(v -> cloud.createAsync(request, blocking));
          }

          @Override
          public void delete(String instanceId) throws CloudException {
            cloud.delete(instanceId);
          }

          @Override
          public List<Instance> list(Map<String, String> tags) {
            return cloud.list(tags);
          }
        };
    PodVmSettings roomy =
        new PodVmSettings(
            SETTINGS.node(),
            SETTINGS.clusterId(),
            VmLimit.fixed(200),
            null,
            SETTINGS.userTags(),
            SETTINGS.podsDir(),
            null);
    PodVms vms = new PodVms(held, new PeerPodLedger(client), roomy, Faults.NONE, metrics);
    List<java.util.concurrent.CompletableFuture<Sandbox>> started = new java.util.ArrayList<>();
    int threadsBefore = Thread.activeCount();
    for (int i = 0; i < 200; i++) {
      pod("p" + i);
      vms.create(request("p" + i, "s" + i));
      started.add(vms.startAsync("s" + i));
    }
    assertThat(started).noneMatch(java.util.concurrent.Future::isDone);
    assertThat(Thread.activeCount() - threadsBefore).isLessThan(20);

    cloudAnswers.complete(null);
    for (var f : started) {
      f.get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(cloud.instances()).hasSize(200);
    assertThat(peerPods()).allMatch(pp -> pp.getSpec().getInstanceID() != null).hasSize(200);
    for (int i = 0; i < 200; i++) {
      vms.stop("s" + i);
    }
    assertThat(cloud.instances()).isEmpty();
    assertThat(peerPods()).isEmpty();
  }

  private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
    long giveUp = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 30 s").isLessThan(giveUp);
      Thread.sleep(10);
    }
  }

  @Test
  void startRecordsTheVmAndStopDeletesBoth() throws Exception {
    pod("web");
    PodVms vms = adaptor(Faults.NONE);
    Path socket = vms.create(request("web", "0123456789abcdef"));
    assertThat(socket).isEqualTo(PODS_DIR.resolve("0123456789abcdef/agent.ttrpc"));
    Sandbox s = vms.start("0123456789abcdef");

    var vm = cloud.instances().get(s.instanceId());
    assertThat(vm.name()).isEqualTo("podvm-web-01234567");
    assertThat(vm.tags())
        .containsEntry("team", "payments")
        .containsEntry(InstanceTags.CLUSTER, "cluster-1")
        .containsEntry(InstanceTags.NODE, "worker-0")
        .containsEntry(InstanceTags.SANDBOX, "0123456789abcdef")
        .containsEntry(InstanceTags.POD, "shop/web");
    PeerPod pp = peerPods().get(0);
    assertThat(pp.getMetadata().getName()).isEqualTo("podvm-web-01234567");
    assertThat(pp.getMetadata().getFinalizers()).containsExactly(PeerPods.PEERPOD_FINALIZER);
    assertThat(pp.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("web");
    assertThat(pp.getSpec().getInstanceID()).isEqualTo(s.instanceId());
    assertThat(pp.getSpec().getCloudProvider()).isEqualTo("local");

    assertThat(registry.value(VmMetrics.RUNNING)).isEqualTo(1);
    vms.stop("0123456789abcdef");
    assertThat(cloud.instances()).isEmpty();
    assertThat(peerPods()).isEmpty();
    assertThat(registry.value(VmMetrics.RUNNING)).isZero();
    assertThat(registry.render())
        .contains(
            "osc_caa_vm_create_seconds_count 1",
            "osc_caa_vm_delete_seconds_count 1",
            "# TYPE osc_caa_vm_create_seconds histogram");
  }

  @Test
  void aFailedLaunchLeavesNothingAndSaysWhy() throws Exception {
    pod("web");
    PodVms vms = adaptor(Faults.NONE);
    vms.create(request("web", "s1"));
    cloud.failNextLaunch("InsufficientInstanceCapacity");
    assertThatThrownBy(() -> vms.start("s1"))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining("InsufficientInstanceCapacity");
    assertThat(cloud.instances()).isEmpty();
    assertThat(peerPods()).isEmpty();
    assertThat(vms.sandboxes()).isEmpty();
    assertThat(registry.render()).contains("osc_caa_vm_failures_total{reason=\"launch\"} 1");
  }

  @Test
  void aPodThatIsGoneGetsNoVm() throws Exception {
    PodVms vms = adaptor(Faults.NONE);
    vms.create(request("ghost", "s1"));
    assertThatThrownBy(() -> vms.start("s1")).hasMessage("pod shop/ghost does not exist");
    assertThat(cloud.instances()).isEmpty();
  }

  @Test
  void anAgentSocketPathTooLongForUnixIsRefusedAtCreate() throws Exception {
    PodVms vms = adaptor(Faults.NONE);
    assertThatThrownBy(() -> vms.create(request("web", "f".repeat(90))))
        .hasMessageEndingWith(
            "is longer than 107 bytes, the unix socket limit: choose a shorter" + " PODS_DIR");
  }

  @Test
  void aPodWithBrokenInitdataGetsNoVm() throws Exception {
    PodVms vms = adaptor(Faults.NONE);
    assertThatThrownBy(
            () ->
                vms.create(
                    new SandboxRequest("s1", "web", NS, null, 0, 0, 0, null, "version = \"9\"")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("annotation io.katacontainers.config.hypervisor.cc_init_data:");
    assertThat(vms.sandboxes()).isEmpty();
  }

  @Test
  void theNodeLimitIsEnforcedWithAClearError() throws Exception {
    PodVms vms = adaptor(Faults.NONE);
    for (int i = 0; i < 3; i++) {
      vms.create(request("p" + i, "s" + i));
    }
    assertThatThrownBy(() -> vms.create(request("p3", "s3")))
        .hasMessage(
            "this node already runs 3 peer pod VMs, its limit (PEERPODS_LIMIT_PER_NODE = 3)");
  }

  @ParameterizedTest
  @EnumSource(Step.class)
  void killedAtAnyStepThenRestartedLeaksNothingAndThePodStillRuns(Step step) throws Exception {
    pod("web");
    PodVms first = adaptor(killAt(step, "s1"));
    first.create(request("web", "s1"));
    if (step == Step.INSTANCE_DELETED) {
      first.start("s1");
      assertThatThrownBy(() -> first.stop("s1")).isInstanceOf(Killed.class);
    } else {
      assertThatThrownBy(() -> first.start("s1")).isInstanceOf(Killed.class);
    }

    PodVms second = adaptor(Faults.NONE);
    new Janitor(second, new PeerPodLedger(client)).run();
    // The shim saw StartVM fail (or StopVM not answer) and stops the sandbox; kubelet then
    // makes a new one for the pod.
    second.stop("s1");
    second.create(request("web", "s2"));
    Sandbox s2 = second.start("s2");
    assertThat(cloud.instances()).containsOnlyKeys(s2.instanceId());
    assertThat(peerPods())
        .singleElement()
        .satisfies(pp -> assertThat(pp.getSpec().getSandboxID()).isEqualTo("s2"));

    deletePod("web");
    new Janitor(second, new PeerPodLedger(client)).run();
    assertThat(cloud.instances()).isEmpty();
    assertThat(peerPods()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = Step.class,
      names = {"INSTANCE_CREATED", "INSTANCE_RECORDED"})
  void aRestartedAdaptorAdoptsTheVmOfALivePodSoStopVmStillFindsIt(Step step) throws Exception {
    pod("web");
    PodVms first = adaptor(killAt(step, "s1"));
    first.create(request("web", "s1"));
    assertThatThrownBy(() -> first.start("s1")).isInstanceOf(Killed.class);

    PodVms second = adaptor(Faults.NONE);
    var pass = new Janitor(second, new PeerPodLedger(client)).run();
    assertThat(pass.adopted()).isEqualTo(1);
    String vm = cloud.instances().keySet().iterator().next();
    assertThat(peerPods().get(0).getSpec().getInstanceID()).isEqualTo(vm);
    assertThat(second.sandboxes().get("s1").instanceId()).isEqualTo(vm);
  }

  /** A VM made outside the adaptor's records, e.g. by a crashed older adaptor. */
  private Instance plant(Map<String, String> tags) throws CloudException {
    return cloud.create(
        new LaunchRequest(
            "podvm-planted-" + UUID.randomUUID(), "", new InstanceSpec(null, 0, 0, 0, null), tags));
  }

  @Test
  void theVmsOfAGoneNodesGonePodsAreDeletedByAnotherNodesAdaptor() throws Exception {
    pod("web");
    pod("api");
    PodVms lost = adaptor(Faults.NONE);
    lost.create(request("web", "s1"));
    lost.start("s1");
    lost.create(request("api", "s2"));
    lost.start("s2");
    // worker-0 is gone (no Node object) and the cluster deleted one of its pods.
    deletePod("web");
    PodVmSettings other =
        new PodVmSettings(
            "worker-1", "cluster-1", VmLimit.fixed(3), null, Map.of(), PODS_DIR, null);
    var pass =
        new Janitor(
                new PodVms(cloud, new PeerPodLedger(client), other, Faults.NONE, metrics),
                new PeerPodLedger(client))
            .run();
    assertThat(pass.fromGoneNodes()).isEqualTo(1);
    assertThat(cloud.instances().values())
        .extracting(i -> i.tags().get(InstanceTags.POD))
        .containsExactly("shop/api");
    assertThat(peerPods()).extracting(pp -> pp.getSpec().getSandboxID()).containsExactly("s2");

    // While the node exists, its own adaptor is in charge.
    client
        .resource(
            new io.fabric8.kubernetes.api.model.NodeBuilder()
                .withNewMetadata()
                .withName("worker-0")
                .endMetadata()
                .build())
        .create();
    deletePod("api");
    assertThat(
            new Janitor(
                    new PodVms(cloud, new PeerPodLedger(client), other, Faults.NONE, metrics),
                    new PeerPodLedger(client))
                .run()
                .fromGoneNodes())
        .isZero();
    assertThat(cloud.instances()).hasSize(1);
  }

  @Test
  void orphansOfThisNodeAreDeletedOthersAreLeftAlone() throws Exception {
    plant(
        Map.of(
            InstanceTags.CLUSTER,
            "cluster-1",
            InstanceTags.NODE,
            "worker-0",
            InstanceTags.SANDBOX,
            "forgotten"));
    var otherNode =
        plant(
            Map.of(
                InstanceTags.CLUSTER,
                "cluster-1",
                InstanceTags.NODE,
                "worker-1",
                InstanceTags.SANDBOX,
                "theirs"));
    var otherCluster =
        plant(
            Map.of(
                InstanceTags.CLUSTER,
                "cluster-2",
                InstanceTags.NODE,
                "worker-0",
                InstanceTags.SANDBOX,
                "x"));
    var pass = new Janitor(adaptor(Faults.NONE), new PeerPodLedger(client)).run();
    assertThat(pass.orphans()).isEqualTo(1);
    assertThat(registry.value(VmMetrics.ORPHANS_DELETED)).isEqualTo(1);
    assertThat(cloud.instances()).containsOnlyKeys(otherNode.id(), otherCluster.id());
  }

  /** Records what the adaptor asks of the agent proxies; fails to start when told to. */
  static final class RecordingProxies implements ProxyStarter {
    final List<String> calls = new java.util.ArrayList<>();
    boolean unreachable;

    @Override
    public java.util.concurrent.CompletableFuture<Void> start(
        Sandbox sandbox, Path socket, java.util.concurrent.Executor executor) {
      calls.add("start " + sandbox.instanceId() + " " + socket);
      if (unreachable) {
        return java.util.concurrent.CompletableFuture.failedFuture(
            new IOException(
                "the forwarder of VM "
                    + sandbox.instanceName()
                    + " did not answer within PT5M (PROXY_TIMEOUT)"));
      }
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    @Override
    public void attach(Sandbox sandbox, Path socket, java.util.concurrent.Executor executor) {
      calls.add("attach " + sandbox.instanceId() + " " + socket);
    }

    @Override
    public void stop(String sandboxId) {
      calls.add("stop " + sandboxId);
    }
  }

  private PodVms adaptor(ProxyStarter proxies) throws CloudException {
    return new PodVms(
        cloud,
        new PeerPodLedger(client),
        SETTINGS,
        Faults.NONE,
        metrics,
        new VmAccess(
            ForwarderTls.issuingFrom(ForwarderCa.create()), proxies, new PullSecrets(client)));
  }

  @Test
  void aStartedVmGetsItsAgentSocketServedUntilStop() throws Exception {
    pod("web");
    RecordingProxies proxies = new RecordingProxies();
    PodVms vms = adaptor(proxies);
    Path socket = vms.create(request("web", "s1"));
    Sandbox s = vms.start("s1");
    vms.stop("s1");
    assertThat(proxies.calls).containsExactly("start " + s.instanceId() + " " + socket, "stop s1");
  }

  @Test
  void aVmWhoseForwarderNeverAnswersIsDeletedAndItsRecordReleased() throws Exception {
    pod("web");
    RecordingProxies proxies = new RecordingProxies();
    proxies.unreachable = true;
    PodVms vms = adaptor(proxies);
    vms.create(request("web", "s1"));
    assertThatThrownBy(() -> vms.start("s1"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("PROXY_TIMEOUT");
    assertThat(cloud.instances()).isEmpty();
    assertThat(peerPods()).isEmpty();
    assertThat(vms.sandboxes()).isEmpty();
    assertThat(registry.value(VmMetrics.FAILURES, "reason", "proxy")).isEqualTo(1);
  }

  @Test
  void aRestartedAdaptorServesTheAgentSocketsOfTheVmsItAdopts() throws Exception {
    pod("web");
    PodVms first = adaptor(killAt(Step.INSTANCE_RECORDED, "s1"));
    first.create(request("web", "s1"));
    assertThatThrownBy(() -> first.start("s1")).isInstanceOf(Killed.class);

    RecordingProxies proxies = new RecordingProxies();
    new Janitor(adaptor(proxies), new PeerPodLedger(client)).run();
    String vm = cloud.instances().keySet().iterator().next();
    assertThat(proxies.calls)
        .containsExactly(
            "attach " + vm + " " + SETTINGS.podsDir().resolve("s1").resolve(PodVms.AGENT_SOCKET));
  }

  /** Records what the adaptor asks of the pod tunnels; a real one is WorkerTunnelsTest's. */
  static final class RecordingNetworks implements PodNetworks {
    final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final PodNetwork net =
        new PodNetwork(
            "10.0.0.5/24",
            "02:00:00:00:00:05",
            "eth0",
            "192.0.2.2/24",
            "vxlan",
            List.of(),
            List.of(),
            1450,
            0,
            4789,
            555000,
            false,
            false);

    @Override
    public PodTunnel prepare(String sandboxId, String netnsPath) {
      calls.add("prepare " + netnsPath);
      return new PodTunnel(netnsPath, net);
    }

    @Override
    public void connect(PodTunnel tunnel, String vmAddress) {
      calls.add("connect " + tunnel.netnsPath() + " " + vmAddress);
    }

    @Override
    public void remove(PodTunnel tunnel) {
      if (tunnel != null) {
        calls.add("remove " + tunnel.netnsPath());
      }
    }

    @Override
    public void restore(PodTunnel tunnel, String vmAddress) {
      calls.add("restore " + (tunnel == null ? null : tunnel.netnsPath()) + " " + vmAddress);
    }
  }

  private PodVms adaptor(Faults faults, PodNetworks networks) throws CloudException {
    return new PodVms(
        cloud,
        new PeerPodLedger(client),
        SETTINGS,
        faults,
        metrics,
        new VmAccess(
            ForwarderCredentials.Issuer.NONE,
            ProxyStarter.NONE,
            VmAccess.RegistryCredentials.NONE,
            networks));
  }

  @Test
  void thePodsTunnelIsMadeAtCreatePointedAtStartAndRemovedAtStop() throws Exception {
    pod("web");
    RecordingNetworks networks = new RecordingNetworks();
    PodVms vms = adaptor(Faults.NONE, networks);
    vms.create(request("web", "s1"), "/run/netns/cni-1");
    String apf =
        CloudConfig.files(vms.sandboxes().get("s1").launch().userData())
            .get(CloudConfig.FORWARDER_CONFIG_PATH);
    assertThat(ForwarderConfig.fromJson(apf).podNetwork().vxlanId()).isEqualTo(555000);
    Sandbox s = vms.start("s1");
    vms.stop("s1");
    assertThat(networks.calls)
        .containsExactly(
            "prepare /run/netns/cni-1",
            "connect /run/netns/cni-1 " + s.address(),
            "remove /run/netns/cni-1");
  }

  @Test
  void aFailedLaunchRemovesThePodsTunnel() throws Exception {
    pod("web");
    RecordingNetworks networks = new RecordingNetworks();
    PodVms vms = adaptor(Faults.NONE, networks);
    vms.create(request("web", "s1"), "/run/netns/cni-1");
    cloud.failNextLaunch("InsufficientInstanceCapacity");
    assertThatThrownBy(() -> vms.start("s1")).isInstanceOf(CloudException.class);
    assertThat(networks.calls)
        .containsExactly("prepare /run/netns/cni-1", "remove /run/netns/cni-1");
    assertThat(SETTINGS.podsDir().resolve("s1").resolve(PodVms.APF_JSON)).doesNotExist();
  }

  @Test
  void anAdoptedVmGetsItsTunnelBackFromThePodDirectory() throws Exception {
    pod("web");
    PodVms first = adaptor(killAt(Step.INSTANCE_RECORDED, "s1"), new RecordingNetworks());
    first.create(request("web", "s1"), "/run/netns/cni-1");
    assertThatThrownBy(() -> first.start("s1")).isInstanceOf(Killed.class);

    RecordingNetworks networks = new RecordingNetworks();
    PodVms second = adaptor(Faults.NONE, networks);
    new Janitor(second, new PeerPodLedger(client)).run();
    String address = cloud.instances().values().iterator().next().ips().get(0);
    assertThat(networks.calls).containsExactly("restore /run/netns/cni-1 " + address);
    second.stop("s1");
    assertThat(networks.calls).endsWith("remove /run/netns/cni-1");
  }

  @Test
  void theUserDataGivesTheForwarderItsCertificateKeyAndClientCa() throws Exception {
    pod("web");
    PodVms vms = adaptor(ProxyStarter.NONE);
    vms.create(request("web", "0123456789abcdef"));
    Sandbox s = vms.start("0123456789abcdef");
    String apf = CloudConfig.files(s.launch().userData()).get(CloudConfig.FORWARDER_CONFIG_PATH);
    ForwarderConfig config = ForwarderConfig.fromJson(apf);
    // The pod directory keeps the same file, as upstream's adaptor does, readable by root only.
    Path copy = SETTINGS.podsDir().resolve("0123456789abcdef").resolve(PodVms.APF_JSON);
    assertThat(java.nio.file.Files.readString(copy)).isEqualTo(apf.stripTrailing());
    assertThat(java.nio.file.Files.getPosixFilePermissions(copy))
        .containsOnly(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    assertThat(config.podName()).isEqualTo("web");
    assertThat(config.hasTls()).isTrue();
    assertThat(Pem.certificate(config.tlsServerCert()).getSubjectX500Principal().getName())
        .isEqualTo("CN=podvm-web-01234567");
    assertThat(config.tlsServerKey()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(s.toString()).doesNotContain("PRIVATE KEY");
    assertThat(config.toString()).doesNotContain("PRIVATE KEY");
  }

  @Test
  void theVmPullsWithThePodsRegistryCredentials() throws Exception {
    String config = "{\"auths\":{\"registry.redhat.io\":{\"auth\":\"cmVkOmhhdA==\"}}}";
    client
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("pull-secret")
                .withNamespace(NS)
                .endMetadata()
                .addToData(
                    ".dockerconfigjson",
                    Base64.getEncoder().encodeToString(config.getBytes(StandardCharsets.UTF_8)))
                .build())
        .create();
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("private")
                .withNamespace(NS)
                .withUid(UUID.randomUUID().toString())
                .endMetadata()
                .withNewSpec()
                .addNewImagePullSecret("pull-secret")
                .endSpec()
                .build())
        .create();
    PodVms vms = adaptor(ProxyStarter.NONE);
    vms.create(request("private", "s1"));
    String userData = vms.sandboxes().get("s1").launch().userData();
    assertThat(CloudConfig.files(userData).get(CloudConfig.AUTH_JSON_PATH).trim())
        .isEqualTo(config);
  }
}
