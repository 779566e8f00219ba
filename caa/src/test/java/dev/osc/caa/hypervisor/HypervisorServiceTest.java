package dev.osc.caa.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.caa.cloud.local.LocalProvider;
import dev.osc.caa.metrics.VmMetrics;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.caa.vm.Faults;
import dev.osc.caa.vm.PeerPodLedger;
import dev.osc.caa.vm.PodVmSettings;
import dev.osc.caa.vm.PodVms;
import dev.osc.caa.vm.VmLimit;
import dev.osc.metrics.Metrics;
import dev.osc.testkit.Crds;
import dev.osc.testkit.MockApi;
import dev.osc.ttrpc.StatusCode;
import dev.osc.ttrpc.TtrpcClient;
import dev.osc.ttrpc.TtrpcException;
import dev.osc.ttrpc.TtrpcServer;
import dev.osc.ttrpc.UnixSockets;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shim's view: hypervisor.Hypervisor over the adaptor's unix socket. */
class HypervisorServiceTest {
  @TempDir Path dir;
  private MockApi api;
  private final LocalProvider cloud =
      new LocalProvider(java.time.Duration.ZERO, LocalProvider.VmBooter.NOTHING);
  private TtrpcServer server;
  private TtrpcClient shim;

  @BeforeEach
  void start() throws Exception {
    api = new MockApi();
    Crds.installOurs(api.client());
    api.client()
        .resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
        .create();
    api.client()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("shop")
                .withUid("uid-1")
                .endMetadata()
                .build())
        .create();
    var settings =
        new PodVmSettings(
            "worker-0", "cluster-1", VmLimit.fixed(1), null, Map.of(), dir.resolve("pods"), null);
    PodVms vms =
        new PodVms(
            cloud,
            new PeerPodLedger(api.client()),
            settings,
            Faults.NONE,
            new VmMetrics(new Metrics()));
    Path socket = dir.resolve("hypervisor.sock");
    server = new TtrpcServer().register(HypervisorService.definition(vms));
    server.serve(UnixSockets.listen(socket));
    shim = new TtrpcClient(UnixSockets.connect(socket));
  }

  @AfterEach
  void stop() {
    shim.close();
    server.close();
    api.close();
  }

  private byte[] call(String method, byte[] request) throws TtrpcException {
    return shim.call(HypervisorMessages.SERVICE, method, request);
  }

  private static byte[] createVm(String sandbox, Map<String, String> annotations) {
    return new HypervisorMessages.CreateVmRequest(sandbox, annotations, "/var/run/netns/cni-1")
        .encode();
  }

  @Test
  void createStartStopAsTheShimCallsThem() throws Exception {
    byte[] created =
        call(
            HypervisorMessages.CREATE_VM,
            createVm(
                "0123456789abcdef",
                Map.of(
                    SandboxRequest.SANDBOX_NAME,
                    "web",
                    SandboxRequest.SANDBOX_NAMESPACE,
                    "shop",
                    SandboxRequest.DEFAULT_VCPUS,
                    "8",
                    SandboxRequest.DEFAULT_MEMORY,
                    "0",
                    SandboxRequest.MACHINE_TYPE,
                    "",
                    SandboxRequest.IMAGE,
                    "")));
    assertThat(HypervisorMessages.agentSocketPath(created))
        .isEqualTo(dir.resolve("pods/0123456789abcdef/agent.ttrpc").toString());
    assertThat(cloud.instances()).isEmpty();

    call(HypervisorMessages.START_VM, HypervisorMessages.idRequest("0123456789abcdef"));
    assertThat(cloud.instances()).hasSize(1);
    assertThat(cloud.instances().values().iterator().next().name()).isEqualTo("podvm-web-01234567");

    call(HypervisorMessages.STOP_VM, HypervisorMessages.idRequest("0123456789abcdef"));
    assertThat(cloud.instances()).isEmpty();
    assertThat(
            HypervisorMessages.version(
                call(HypervisorMessages.VERSION, HypervisorMessages.version(""))))
        .isEqualTo(HypervisorService.VERSION_STRING);
  }

  @Test
  void errorsTellTheShimWhoseFaultItIs() throws Exception {
    assertThatThrownBy(
            () ->
                call(
                    HypervisorMessages.CREATE_VM,
                    createVm("s1", Map.of(SandboxRequest.SANDBOX_NAMESPACE, "shop"))))
        .isInstanceOfSatisfying(
            TtrpcException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
              assertThat(e.statusMessage())
                  .isEqualTo("CreateVM: annotation io.kubernetes.cri.sandbox-name is empty");
            });
    assertThatThrownBy(
            () -> call(HypervisorMessages.START_VM, HypervisorMessages.idRequest("never-created")))
        .isInstanceOfSatisfying(
            TtrpcException.class, e -> assertThat(e.code()).isEqualTo(StatusCode.INVALID_ARGUMENT));

    Map<String, String> web =
        Map.of(SandboxRequest.SANDBOX_NAME, "web", SandboxRequest.SANDBOX_NAMESPACE, "shop");
    call(HypervisorMessages.CREATE_VM, createVm("s1", web));
    assertThatThrownBy(() -> call(HypervisorMessages.CREATE_VM, createVm("s2", web)))
        .isInstanceOfSatisfying(
            TtrpcException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
              assertThat(e.statusMessage()).contains("PEERPODS_LIMIT_PER_NODE = 1");
            });
    cloud.failNextLaunch("InsufficientInstanceCapacity");
    assertThatThrownBy(() -> call(HypervisorMessages.START_VM, HypervisorMessages.idRequest("s1")))
        .isInstanceOfSatisfying(
            TtrpcException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
              assertThat(e.statusMessage()).contains("InsufficientInstanceCapacity");
            });
    assertThat(Files.exists(dir.resolve("hypervisor.sock"))).isTrue();
  }
}
