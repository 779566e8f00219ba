package dev.osc.caa.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.osc.api.Names;
import dev.osc.api.v1alpha1.PeerPod;
import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.local.LocalProvider;
import dev.osc.caa.metrics.VmMetrics;
import dev.osc.caa.model.CloudConfig;
import dev.osc.caa.model.RegistryAuth;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.caa.tls.ForwarderCredentials;
import dev.osc.metrics.Metrics;
import dev.osc.testkit.Await;
import dev.osc.testkit.Crds;
import dev.osc.testkit.PeerPodCluster;
import dev.osc.testkit.RealApi;
import dev.osc.testkit.RequestCounter;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adaptor's pod and service account reads: from its informer caches once they hold the object,
 * else one GET, so a pod the watch has not delivered still gets its VM, and the janitor deletes a
 * VM only for a pod a GET finds gone. On the real kube-apiserver (its field selectors are what keep
 * other nodes' pods out of the cache); skipped with one line without the test bed.
 */
class PodLookupRealApiTest {
  private static final String NODE = "worker-a";
  private static final String LINKED = "{\"auths\":{\"quay.io\":{\"auth\":\"cXVheTpwdWxs\"}}}";
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private static RealApi api;

  @TempDir Path podsDir;

  private final LocalProvider cloud =
      new LocalProvider(Duration.ZERO, LocalProvider.VmBooter.NOTHING);
  private final RequestCounter requests = new RequestCounter();

  @BeforeAll
  static void start() {
    assumeTrue(
        RealApi.Binaries.find().isPresent(),
        "no kube-apiserver/etcd test bed: " + RealApi.HOW_TO_GET);
    api = RealApi.startIfAvailable().orElseThrow();
    KubernetesClient client = api.client();
    Crds.installOurs(client);
    Await.until(
        Duration.ofSeconds(60),
        "the PeerPod CRD served",
        () -> {
          client.resources(PeerPod.class).inAnyNamespace().list();
          return true;
        });
    client
        .resource(
            new RuntimeClassBuilder()
                .withNewMetadata()
                .withName(Names.RUNTIME_CLASS_KATA_REMOTE)
                .endMetadata()
                .withHandler(Names.RUNTIME_CLASS_KATA_REMOTE)
                .build())
        .create();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void onceCachedCreateAndStartReadNoPodOrServiceAccount() throws Exception {
    String ns = namespace();
    for (int i = 0; i < 3; i++) {
      PeerPodCluster.kataRemotePod(api.client(), ns, "p-" + i, NODE);
    }
    try (KubernetesClient client = requests.client(api);
        PodLookup lookup = PodLookup.cached(client, NODE)) {
      requests.reset();
      PodVms vms = adaptor(client, lookup);
      for (int i = 0; i < 3; i++) {
        vms.create(request(ns, "p-" + i, "s" + i));
        vms.start("s" + i);
      }
      assertThat(requests.snapshot())
          .doesNotContainKeys("get pods", "get serviceaccounts")
          // The pull secret its service account names, read for each VM: never cached.
          .containsEntry("get secrets", 3L);
      for (int i = 0; i < 3; i++) {
        assertVmOf(vms, ns, "p-" + i, "s" + i);
      }
    }
  }

  @Test
  void aPodTheCacheDoesNotHoldGetsItsVmThroughOneGetPerRead() throws Exception {
    String ns = namespace();
    PeerPodCluster.kataRemotePod(api.client(), ns, "elsewhere", "worker-b");
    PeerPodCluster.kataRemotePod(api.client(), ns, "unscheduled", null);
    try (KubernetesClient client = requests.client(api);
        PodLookup lookup = PodLookup.cached(client, NODE)) {
      requests.reset();
      PodVms vms = adaptor(client, lookup);
      vms.create(request(ns, "elsewhere", "s1"));
      vms.start("s1");
      vms.create(request(ns, "unscheduled", "s2"));
      vms.start("s2");
      // Per VM: the registry credentials' read and the PeerPod's owner; the account is cached.
      assertThat(requests.snapshot())
          .containsEntry("get pods", 4L)
          .doesNotContainKey("get serviceaccounts");
      assertVmOf(vms, ns, "elsewhere", "s1");
      assertVmOf(vms, ns, "unscheduled", "s2");

      // Scheduled here a moment ago: from the cache or a GET, whichever has it first.
      PeerPodCluster.kataRemotePod(api.client(), ns, "fresh", NODE);
      vms.create(request(ns, "fresh", "s3"));
      vms.start("s3");
      assertVmOf(vms, ns, "fresh", "s3");
    }
  }

  @Test
  void theJanitorDeletesAVmOnlyForAPodAGetFindsGone() throws Exception {
    String ns = namespace();
    PeerPodCluster.kataRemotePod(api.client(), ns, "here", NODE);
    PeerPodCluster.kataRemotePod(api.client(), ns, "elsewhere", "worker-b");
    try (KubernetesClient client = requests.client(api);
        PodLookup lookup = PodLookup.cached(client, NODE)) {
      PodVms vms = adaptor(client, lookup);
      vms.create(request(ns, "here", "s1"));
      vms.start("s1");
      vms.create(request(ns, "elsewhere", "s2"));
      vms.start("s2");
      Janitor janitor = new Janitor(vms, new PeerPodLedger(client, lookup));

      requests.reset();
      assertThat(janitor.run()).isEqualTo(new Janitor.Pass(0, 0, 0, 0));
      // Alive from the cache for the pod of this node; the other one is read.
      assertThat(requests.snapshot()).containsEntry("get pods", 1L);
      assertThat(cloud.instances()).hasSize(2);
      // A pod of the same name but another uid (deleted and made again) is not the PeerPod's.
      assertThat(lookup.alive(ns, "here", "uid-of-an-earlier-pod")).isFalse();

      api.client().pods().inNamespace(ns).withName("here").withGracePeriod(0).delete();
      Await.until(
          Duration.ofSeconds(30),
          "the VM of the deleted pod deleted",
          () -> {
            try {
              janitor.run();
            } catch (CloudException e) {
              throw new IllegalStateException(e);
            }
            return cloud.instances().size() == 1;
          });
      assertThat(vms.sandboxes()).containsOnlyKeys("s2");
    }
  }

  /** A namespace of its own per test, with its default service account linked to a pull secret. */
  private static String namespace() {
    String ns = "lookup-" + NAMESPACES.incrementAndGet();
    KubernetesClient client = api.client();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("linked")
                .withNamespace(ns)
                .endMetadata()
                .addToData(
                    RegistryAuth.DOCKER_CONFIG_JSON,
                    Base64.getEncoder().encodeToString(LINKED.getBytes(StandardCharsets.UTF_8)))
                .build())
        .create();
    client
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("default")
                .withNamespace(ns)
                .endMetadata()
                .addNewImagePullSecret("linked")
                .build())
        .create();
    return ns;
  }

  private PodVms adaptor(KubernetesClient client, PodLookup lookup) throws CloudException {
    return new PodVms(
        cloud,
        new PeerPodLedger(client, lookup),
        new PodVmSettings(NODE, "cluster-1", VmLimit.fixed(10), null, Map.of(), podsDir, null),
        Faults.NONE,
        new VmMetrics(new Metrics()),
        new VmAccess(
            ForwarderCredentials.Issuer.NONE, ProxyStarter.NONE, new PullSecrets(client, lookup)));
  }

  private static SandboxRequest request(String ns, String pod, String sandbox) {
    return new SandboxRequest(sandbox, pod, ns, null, 0, 0, 0, null, null);
  }

  /** The VM pulls with the service account's secret, and its PeerPod is owned by this very pod. */
  private static void assertVmOf(PodVms vms, String ns, String pod, String sandbox) {
    Sandbox s = vms.sandboxes().get(sandbox);
    assertThat(CloudConfig.files(s.launch().userData()).get(CloudConfig.AUTH_JSON_PATH).trim())
        .isEqualTo(LINKED);
    PeerPod pp =
        api.client().resources(PeerPod.class).inNamespace(ns).withName(s.instanceName()).get();
    assertThat(pp.getMetadata().getOwnerReferences().get(0).getUid())
        .isEqualTo(api.client().pods().inNamespace(ns).withName(pod).get().getMetadata().getUid());
  }
}
