package dev.osc.caa.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.api.v1alpha1.PeerPod;
import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.InstanceSpec;
import dev.osc.caa.cloud.InstanceTags;
import dev.osc.caa.cloud.LaunchRequest;
import dev.osc.caa.metrics.VmMetrics;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.caa.vm.Faults;
import dev.osc.caa.vm.Janitor;
import dev.osc.caa.vm.PeerPodLedger;
import dev.osc.caa.vm.PodVmSettings;
import dev.osc.caa.vm.PodVms;
import dev.osc.caa.vm.Sandbox;
import dev.osc.caa.vm.Step;
import dev.osc.caa.vm.VmLimit;
import dev.osc.metrics.Metrics;
import dev.osc.testkit.Crds;
import dev.osc.testkit.MockApi;
import dev.osc.testkit.PeerPodCluster;
import dev.osc.testkit.ec2.Ec2Fault;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * CreateVM, StartVM and StopVM of {@link PodVms} with the AWS provider on moto's EC2: a burst while
 * EC2 throttles a share of the calls, a retry budget that runs out, a launch left half-made, and
 * the janitor's adoption and orphan sweep by tags after a crash.
 */
class AwsPodVmsTest {
  static final String NS = "shop";
  static final String CLUSTER = "cluster-1";

  MotoEc2 ec2;
  MockApi api;
  KubernetesClient client;
  Path podsDir;
  final VmMetrics metrics = new VmMetrics(new Metrics());

  @BeforeEach
  void start() throws Exception {
    ec2 = MotoEc2.start();
    api = new MockApi();
    client = api.client();
    Crds.installOurs(client);
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    podsDir = Files.createTempDirectory("osc-pods");
  }

  @AfterEach
  void stop() throws Exception {
    if (api != null) {
      api.close();
    }
    if (ec2 != null) {
      ec2.close();
    }
    if (podsDir != null) {
      try (var files = Files.walk(podsDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void pod(String name) {
    PeerPodCluster.kataRemotePod(client, NS, name);
  }

  private PodVms adaptor(AwsProvider aws, Faults faults) throws CloudException {
    return new PodVms(
        aws,
        new PeerPodLedger(client),
        new PodVmSettings(
            "worker-0", CLUSTER, VmLimit.fixed(100), "t3.medium", Map.of(), podsDir, null),
        faults,
        metrics);
  }

  private static SandboxRequest request(String pod, String sandbox) {
    return new SandboxRequest(sandbox, pod, NS, null, 0, 0, 0, null, null);
  }

  private List<PeerPod> peerPods() {
    return client.resources(PeerPod.class).inNamespace(NS).list().getItems();
  }

  private static String tag(List<Tag> tags, String key) {
    return tags.stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst().orElse(null);
  }

  @Test
  void aBurstWhileEc2ThrottlesAllStartsAndStopsWithinTheCallLimit() throws Exception {
    int pods = 24;
    int limit = 4;
    AwsProvider aws =
        ec2.provider(
            new Ec2Calls.Policy(
                limit, Duration.ofSeconds(60), Duration.ofMillis(20), Duration.ofMillis(500)));
    // A third of the launches, lookups and terminations refused as over the account's rate.
    ec2.proxy
        .throttle(
            Set.of("RunInstances", "DescribeInstances", "TerminateInstances"),
            0.3,
            Ec2Fault.requestLimitExceeded(),
            7)
        .latency("RunInstances", Duration.ofMillis(30));
    PodVms vms = adaptor(aws, Faults.NONE);
    for (int i = 0; i < pods; i++) {
      pod("p" + i);
    }

    ExecutorService shim = Executors.newFixedThreadPool(pods);
    List<Sandbox> started = new ArrayList<>();
    try {
      List<Future<Sandbox>> starts = new ArrayList<>();
      for (int i = 0; i < pods; i++) {
        String sid = "s" + i;
        String pod = "p" + i;
        starts.add(
            shim.submit(
                () -> {
                  vms.create(request(pod, sid));
                  return vms.start(sid);
                }));
      }
      for (Future<Sandbox> s : starts) {
        started.add(s.get());
      }
      assertThat(ec2.liveInstances())
          .extracting(i -> tag(i.tags(), InstanceTags.SANDBOX))
          .containsExactlyInAnyOrderElementsOf(
              started.stream().map(s -> s.request().sandboxId()).toList());
      assertThat(peerPods())
          .hasSize(pods)
          .allSatisfy(pp -> assertThat(pp.getSpec().getInstanceID()).startsWith("i-"));

      List<Future<?>> stops = new ArrayList<>();
      for (Sandbox s : started) {
        stops.add(
            shim.submit(
                () -> {
                  vms.stop(s.request().sandboxId());
                  return null;
                }));
      }
      for (Future<?> s : stops) {
        s.get();
      }
    } finally {
      shim.shutdownNow();
    }
    assertThat(ec2.liveInstances()).isEmpty();
    assertThat(peerPods()).isEmpty();
    assertThat(ec2.proxy.calls("RunInstances"))
        .as("throttled launches were retried")
        .hasSizeGreaterThan(pods);
    assertThat(ec2.proxy.maxInFlight()).as("EC2 calls in flight at once").isBetween(2, limit);
  }

  @Test
  void aSpentRetryBudgetNamesEc2sCodeAndLeavesNothing() throws Exception {
    AwsProvider aws =
        ec2.provider(
            new Ec2Calls.Policy(
                4, Duration.ofSeconds(1), Duration.ofMillis(20), Duration.ofMillis(200)));
    ec2.proxy.throttle(Set.of("RunInstances"), 1.0, Ec2Fault.requestLimitExceeded(), 1);
    pod("web");
    PodVms vms = adaptor(aws, Faults.NONE);
    vms.create(request("web", "s1"));

    assertThatThrownBy(() -> vms.start("s1"))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining("RunInstances")
        .hasMessageContaining("RequestLimitExceeded")
        .hasMessageContaining("gave up after");
    assertThat(ec2.instances()).isEmpty();
    assertThat(peerPods()).isEmpty();
    assertThat(vms.sandboxes()).isEmpty();
  }

  @Test
  void aLaunchWhoseAnswerWasLostAndThenThrottledIsFoundByItsTagsAndDeleted() throws Exception {
    AwsProvider aws =
        ec2.provider(
            new Ec2Calls.Policy(
                4, Duration.ofSeconds(1), Duration.ofMillis(20), Duration.ofMillis(200)));
    // EC2 launched it but the answer never came; every retry is then refused.
    ec2.proxy
        .failNext("RunInstances", Ec2Fault.lostResponse())
        .throttle(Set.of("RunInstances"), 1.0, Ec2Fault.requestLimitExceeded(), 1);
    pod("web");
    PodVms vms = adaptor(aws, Faults.NONE);
    vms.create(request("web", "s1"));

    assertThatThrownBy(() -> vms.start("s1")).hasMessageContaining("RequestLimitExceeded");
    assertThat(ec2.instances()).as("EC2 did launch it").hasSize(1);
    assertThat(ec2.liveInstances()).isEmpty();
    assertThat(peerPods()).isEmpty();
  }

  @Test
  void aLaunchWhoseAddressWaitRunsOutOfBudgetIsTerminated() throws Exception {
    AwsProvider aws =
        ec2.provider(
            new Ec2Calls.Policy(
                4, Duration.ofSeconds(1), Duration.ofMillis(20), Duration.ofMillis(200)),
            "USE_PUBLIC_IP",
            "true");
    // Only the polls for the new instance's state are refused.
    ec2.proxy.throttle(
        c -> c.action().equals("DescribeInstances") && c.param("InstanceId.1") != null,
        1.0,
        Ec2Fault.requestLimitExceeded(),
        1);

    assertThatThrownBy(() -> aws.create(AwsProviderTest.request("podvm-wait-1")))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining("DescribeInstances")
        .hasMessageContaining("RequestLimitExceeded");
    assertThat(ec2.instances()).hasSize(1);
    assertThat(ec2.liveInstances()).isEmpty();
  }

  @Test
  void aRestartedAdaptorAdoptsTheVmOfALivePodAndDeletesItWhenThePodGoes() throws Exception {
    AwsProvider aws = ec2.provider();
    pod("web");
    PodVms first =
        adaptor(
            aws,
            (step, sid) -> {
              if (step == Step.INSTANCE_CREATED) {
                throw new Error("killed at " + step);
              }
            });
    first.create(request("web", "s1"));
    assertThatThrownBy(() -> first.start("s1")).hasMessage("killed at INSTANCE_CREATED");
    String vm = ec2.liveInstances().get(0).instanceId();

    PodVms second = adaptor(ec2.provider(), Faults.NONE);
    Janitor.Pass pass = new Janitor(second, new PeerPodLedger(client)).run();

    assertThat(pass.adopted()).isEqualTo(1);
    assertThat(second.sandboxes().get("s1").instanceId()).isEqualTo(vm);
    assertThat(peerPods().get(0).getSpec().getInstanceID()).isEqualTo(vm);

    client.pods().inNamespace(NS).withName("web").delete();
    new Janitor(second, new PeerPodLedger(client)).run();
    assertThat(ec2.liveInstances()).isEmpty();
    assertThat(peerPods()).isEmpty();
  }

  @Test
  void aVmWithThisNodesTagsAndNoPeerPodIsAnOrphanTheJanitorDeletes() throws Exception {
    AwsProvider aws = ec2.provider();
    var orphan =
        aws.create(
            new LaunchRequest(
                "podvm-orphan-1",
                "",
                new InstanceSpec(null, 0, 0, 0, null),
                Map.of(
                    InstanceTags.CLUSTER, CLUSTER,
                    InstanceTags.NODE, "worker-0",
                    InstanceTags.SANDBOX, "gone")));
    var elsewhere =
        aws.create(
            new LaunchRequest(
                "podvm-other-node-1",
                "",
                new InstanceSpec(null, 0, 0, 0, null),
                Map.of(
                    InstanceTags.CLUSTER, CLUSTER,
                    InstanceTags.NODE, "worker-9",
                    InstanceTags.SANDBOX, "theirs")));

    Janitor.Pass pass = new Janitor(adaptor(aws, Faults.NONE), new PeerPodLedger(client)).run();

    assertThat(pass.orphans()).isEqualTo(1);
    assertThat(ec2.liveInstances())
        .extracting(i -> i.instanceId())
        .containsExactly(elsewhere.id())
        .doesNotContain(orphan.id());
  }
}
