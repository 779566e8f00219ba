package dev.osc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.api.Names;
import dev.osc.api.PeerPods;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.v1alpha1.PeerPodConfig;
import dev.osc.api.v1alpha1.PeerPodConfigSpec;
import dev.osc.caa.CaaDaemon;
import dev.osc.caa.CaaSettings;
import dev.osc.caa.cloud.local.LocalForwarders;
import dev.osc.caa.cloud.local.LocalProvider;
import dev.osc.caa.hypervisor.HypervisorMessages;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.metrics.Metrics;
import dev.osc.operator.OperatorSettings;
import dev.osc.operator.OscOperator;
import dev.osc.testkit.Await;
import dev.osc.testkit.Crds;
import dev.osc.testkit.LocalAdaptorEnv;
import dev.osc.testkit.RealApi;
import dev.osc.testkit.SimulatedCluster;
import dev.osc.ttrpc.StatusCode;
import dev.osc.ttrpc.TtrpcClient;
import dev.osc.ttrpc.TtrpcException;
import dev.osc.ttrpc.UnixSockets;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Docs 3.3.1 / 6.2.11: one peer pod limit. The operator turns the PeerPodConfig's spec.limit into
 * the node's kata.peerpods.io/vm capacity, and the node's adaptor enforces that capacity: after the
 * documented {@code kubectl patch peerpodconfig ... spec.limit}, a CreateVM beyond the old limit
 * succeeds, without restarting the adaptor (whose PEERPODS_LIMIT_PER_NODE stays the old value).
 */
class PeerPodLimitE2ETest {
  private static final String NODE = "worker-0";
  private static final String NS = "shop";

  @Test
  void theDocumentedPatchRaisesTheLimitTheAdaptorEnforces() throws Exception {
    RealApi api = RealApiExtension.startOrSkip();
    Path dir = Files.createTempDirectory("e2e-limit-");
    int forwarderPort = freePort();
    Map<String, String> env =
        LocalAdaptorEnv.in(dir, NODE)
            .with(PeerPodsKeys.PEERPODS_LIMIT_PER_NODE, "1")
            .with(PeerPodsKeys.TUNNEL_TYPE, "none")
            .with(PeerPodsKeys.FORWARDER_PORT, Integer.toString(forwarderPort))
            .with(PeerPodsKeys.PROXY_TIMEOUT, "30s")
            .build();
    CaaSettings settings = CaaSettings.from(env);
    try (SimulatedCluster cluster = SimulatedCluster.start(api, 1, false, Duration.ofMillis(100));
        OscOperator operator = OscOperator.start(cluster.client(), OperatorSettings.defaults());
        LocalProvider cloud =
            new LocalProvider(
                Duration.ZERO,
                new LocalForwarders(
                    dir.resolve("vms"), forwarderPort, dir.resolve("agent.sock")))) {
      KubernetesClient client = cluster.client();
      Kubectl kubectl = new Kubectl(api.kubeconfig());
      Crds.installOurs(client);
      client
          .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
          .create();
      for (String pod : new String[] {"first", "second"}) {
        client
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(pod)
                    .withNamespace(NS)
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("app")
                    .withImage("busybox")
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
      }
      // The PeerPodConfig as the operator makes it from peer-pods-cm (limit 1), for the workers.
      PeerPodConfigSpec spec = new PeerPodConfigSpec();
      spec.setLimit("1");
      spec.setNodeSelector(Map.of(Names.LABEL_ROLE_WORKER, ""));
      PeerPodConfig ppc = new PeerPodConfig();
      ppc.setMetadata(
          new ObjectMetaBuilder()
              .withName(PeerPods.PEERPODCONFIG_NAME)
              .withNamespace(Names.OPERATOR_NAMESPACE)
              .build());
      ppc.setSpec(spec);
      client.resource(ppc).create();
      awaitCapacity(kubectl, "1");

      try (CaaDaemon caa = CaaDaemon.start(settings, cloud, client, new Metrics())) {
        createVm(settings, "sid-first", "first");
        assertThatThrownBy(() -> createVm(settings, "sid-second", "second"))
            .isInstanceOfSatisfying(
                TtrpcException.class,
                e -> {
                  assertThat(e.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
                  assertThat(e.statusMessage())
                      .contains("node worker-0 capacity kata.peerpods.io/vm = 1");
                });

        kubectl.ok(
            "patch",
            "peerpodconfig",
            PeerPods.PEERPODCONFIG_NAME,
            "-n",
            Names.OPERATOR_NAMESPACE,
            "--type",
            "merge",
            "--patch",
            "{\"spec\":{\"limit\":\"2\"}}");
        awaitCapacity(kubectl, "2");
        Await.until(
            Duration.ofSeconds(30),
            "the adaptor taking the new capacity",
            () -> {
              try {
                createVm(settings, "sid-second", "second");
                return true;
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              } catch (TtrpcException e) {
                assertThat(e.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
                return false;
              }
            });
        assertThat(caa.vms().sandboxes()).containsOnlyKeys("sid-first", "sid-second");
        for (String sid : new String[] {"sid-first", "sid-second"}) {
          call(settings, HypervisorMessages.STOP_VM, HypervisorMessages.idRequest(sid));
        }
      }
    }
  }

  private static void awaitCapacity(Kubectl kubectl, String value) {
    Await.until(
        Duration.ofSeconds(60),
        NODE + " advertising kata.peerpods.io/vm " + value,
        () ->
            kubectl
                .ok(
                    "get",
                    "node",
                    NODE,
                    "-o",
                    "jsonpath={.status.capacity.kata\\.peerpods\\.io/vm}")
                .equals(value));
  }

  private static void createVm(CaaSettings settings, String sandbox, String pod)
      throws IOException, TtrpcException {
    call(
        settings,
        HypervisorMessages.CREATE_VM,
        new HypervisorMessages.CreateVmRequest(
                sandbox,
                Map.of(SandboxRequest.SANDBOX_NAME, pod, SandboxRequest.SANDBOX_NAMESPACE, NS),
                "")
            .encode());
  }

  private static byte[] call(CaaSettings settings, String method, byte[] request)
      throws IOException, TtrpcException {
    try (TtrpcClient shim = new TtrpcClient(UnixSockets.connect(settings.socket()))) {
      return shim.call(HypervisorMessages.SERVICE, method, request);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
