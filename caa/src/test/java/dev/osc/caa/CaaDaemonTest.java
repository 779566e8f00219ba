package dev.osc.caa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.v1alpha1.PeerPod;
import dev.osc.caa.cloud.local.LocalForwarders;
import dev.osc.caa.cloud.local.LocalProvider;
import dev.osc.caa.hypervisor.HypervisorMessages;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.metrics.Metrics;
import dev.osc.testkit.Await;
import dev.osc.testkit.LocalAdaptorEnv;
import dev.osc.testkit.MockApi;
import dev.osc.testkit.PeerPodCluster;
import dev.osc.testkit.RequestCounter;
import dev.osc.ttrpc.TtrpcClient;
import dev.osc.ttrpc.UnixSockets;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaaDaemonTest {
  @TempDir Path dir;

  private static final int FORWARDER_PORT = freePort();

  private Map<String, String> env() {
    return LocalAdaptorEnv.in(dir, "worker-0")
        .with(PeerPodsKeys.TAGS, "team=payments")
        .with(PeerPodsKeys.FORWARDER_PORT, Integer.toString(FORWARDER_PORT))
        .with(PeerPodsKeys.PROXY_TIMEOUT, "20s")
        .with(PeerPodsKeys.TUNNEL_TYPE, "none")
        .build();
  }

  private CaaSettings settings() {
    return CaaSettings.from(env());
  }

  /** VMs whose forwarders the adaptor reaches over mutual TLS, as in a cloud. */
  private LocalProvider cloud() {
    return new LocalProvider(
        Duration.ZERO,
        new LocalForwarders(dir.resolve("vms"), FORWARDER_PORT, dir.resolve("agent.sock")));
  }

  private static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] call(String method, byte[] request) throws Exception {
    try (TtrpcClient shim = new TtrpcClient(UnixSockets.connect(settings().socket()))) {
      return shim.call(HypervisorMessages.SERVICE, method, request);
    }
  }

  @Test
  void aRestartedAdaptorKeepsServingThePodsItsPredecessorStarted() throws Exception {
    try (MockApi api = new MockApi();
        LocalProvider cloud = cloud()) {
      var client = api.client();
      PeerPodCluster.withPod(client, "shop", "web");

      try (CaaDaemon first = CaaDaemon.start(settings(), cloud, client, new Metrics())) {
        call(
            HypervisorMessages.CREATE_VM,
            new HypervisorMessages.CreateVmRequest(
                    "sid-1",
                    Map.of(
                        SandboxRequest.SANDBOX_NAME,
                        "web",
                        SandboxRequest.SANDBOX_NAMESPACE,
                        "shop"),
                    "")
                .encode());
        call(HypervisorMessages.START_VM, HypervisorMessages.idRequest("sid-1"));
      }
      var vm = cloud.instances().values().iterator().next();
      assertThat(vm.tags())
          .containsEntry(
              "osc.peerpods/cluster",
              client.namespaces().withName("kube-system").get().getMetadata().getUid())
          .containsEntry("team", "payments");

      try (CaaDaemon second = CaaDaemon.start(settings(), cloud, client, new Metrics())) {
        assertThat(second.vms().sandboxes().get("sid-1").instanceId()).isEqualTo(vm.id());
        call(HypervisorMessages.STOP_VM, HypervisorMessages.idRequest("sid-1"));
        assertThat(cloud.instances()).isEmpty();
      }
    }
  }

  @Test
  void aVmCostsNoServiceAccountRead() throws Exception {
    RequestCounter requests = new RequestCounter();
    try (MockApi api = new MockApi();
        LocalProvider cloud = cloud();
        KubernetesClient client = requests.client(api)) {
      PeerPodCluster.withPod(client, "shop", "unscheduled");
      // Scheduled to the adaptor's node, in a namespace with its default service account.
      PeerPodCluster.kataRemotePod(client, "shop", "web", "worker-0");
      client
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName("default")
                  .withNamespace("shop")
                  .endMetadata()
                  .build())
          .create();
      try (CaaDaemon daemon = CaaDaemon.start(settings(), cloud, client, new Metrics())) {
        requests.reset();
        call(
            HypervisorMessages.CREATE_VM,
            new HypervisorMessages.CreateVmRequest(
                    "sid-1",
                    Map.of(
                        SandboxRequest.SANDBOX_NAME,
                        "web",
                        SandboxRequest.SANDBOX_NAMESPACE,
                        "shop"),
                    "")
                .encode());
        call(HypervisorMessages.START_VM, HypervisorMessages.idRequest("sid-1"));
        assertThat(cloud.instances()).hasSize(1);
        // The service account came from the daemon's cache. (The mock API answers a field
        // selector on spec.nodeName with no pods, so here the pod is read with GETs; on the real
        // API server PodLookupRealApiTest shows pods from the cache too.)
        assertThat(requests.snapshot()).doesNotContainKey("get serviceaccounts");
      }
    }
  }

  @Test
  void aPeerPodDeletedAfterItsPodHasItsVmDeletedAtOnce() throws Exception {
    try (MockApi api = new MockApi();
        LocalProvider cloud = cloud()) {
      var client = api.client();
      PeerPodCluster.withPod(client, "shop", "web");
      try (CaaDaemon daemon = CaaDaemon.start(settings(), cloud, client, new Metrics())) {
        call(
            HypervisorMessages.CREATE_VM,
            new HypervisorMessages.CreateVmRequest(
                    "sid-1",
                    Map.of(
                        SandboxRequest.SANDBOX_NAME,
                        "web",
                        SandboxRequest.SANDBOX_NAMESPACE,
                        "shop"),
                    "")
                .encode());
        call(HypervisorMessages.START_VM, HypervisorMessages.idRequest("sid-1"));
        // The pod goes; the garbage collector then deletes its PeerPod (held by the finalizer).
        client.pods().inNamespace("shop").withName("web").delete();
        client.resources(PeerPod.class).inNamespace("shop").delete();
        Await.until(Duration.ofSeconds(10), "VM deleted", () -> cloud.instances().isEmpty());
        Await.until(
            Duration.ofSeconds(10),
            "PeerPod released",
            () -> client.resources(PeerPod.class).inNamespace("shop").list().getItems().isEmpty());
      }
    }
  }

  @Test
  void settingsErrorsNameTheKey() {
    assertThatThrownBy(() -> CaaSettings.from(Map.of("NODE_NAME", "n")))
        .hasMessage("peer-pods-cm: CLOUD_PROVIDER: required; supported values: aws, libvirt");
    assertThatThrownBy(() -> CaaSettings.from(Map.of("CLOUD_PROVIDER", "gcp", "NODE_NAME", "n")))
        .hasMessage(
            "peer-pods-cm: CLOUD_PROVIDER: \"gcp\": unsupported value; supported values:"
                + " aws, libvirt");
    assertThatThrownBy(
            () ->
                CaaSettings.from(
                    Map.of(
                        "CLOUD_PROVIDER",
                        "local",
                        "NODE_NAME",
                        "n",
                        "PROXY_TIMEOUT",
                        "five minutes",
                        "METRICS_PORT",
                        "-1")))
        .hasMessage(
            "peer-pods-cm: PROXY_TIMEOUT: \"five minutes\": a Go duration such as 5m,"
                + " 90s or 1h30m is expected; METRICS_PORT: \"-1\": at least 0");
    assertThatThrownBy(() -> CaaSettings.from(Map.of("CLOUD_PROVIDER", "local")))
        .hasMessage("NODE_NAME: required (the node this adaptor serves, from the downward API)");
    Map<String, String> base = Map.of("CLOUD_PROVIDER", "local", "NODE_NAME", "n");
    record Bad(String key, String value, String message) {}
    for (Bad bad :
        java.util.List.of(
            new Bad(
                "TUNNEL_TYPE",
                "geneve",
                "peer-pods-cm: TUNNEL_TYPE: \"geneve\": vxlan or none is expected"),
            new Bad(
                "VXLAN_PORT",
                "70000",
                "peer-pods-cm: VXLAN_PORT: \"70000\": a port number from 1 to 65535 is expected"),
            new Bad(
                "VXLAN_MIN_ID",
                "16777216",
                "peer-pods-cm: VXLAN_MIN_ID: \"16777216\": at most 16777215"))) {
      var env = new java.util.HashMap<>(base);
      env.put(bad.key(), bad.value());
      assertThatThrownBy(() -> CaaSettings.from(env)).hasMessage(bad.message());
    }
    var tunnel = CaaSettings.from(base).tunnel();
    assertThat(tunnel).isEqualTo(new dev.osc.caa.net.TunnelSettings("vxlan", null, 4789, 555000));
  }
}
