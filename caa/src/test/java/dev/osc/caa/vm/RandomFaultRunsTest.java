package dev.osc.caa.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.v1alpha1.PeerPod;
import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.CloudProvider;
import dev.osc.caa.cloud.Instance;
import dev.osc.caa.cloud.LaunchRequest;
import dev.osc.caa.cloud.local.LocalProvider;
import dev.osc.caa.metrics.VmMetrics;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.metrics.Metrics;
import dev.osc.testkit.Crds;
import dev.osc.testkit.MockApi;
import dev.osc.testkit.PeerPodCluster;
import dev.osc.testkit.Soak;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomised runs of a pod's VM under faults: in each run the adaptor may be killed at any {@link
 * Step}, the cloud may fail calls (an error, or the answer lost after the cloud did the work), the
 * shim's StopVM after a failure may be lost, and the pod may be deleted; a restarted adaptor's
 * janitor then carries on. Every {@value #BATCH} runs all pods are deleted, and after one
 * fault-free janitor pass no VM, no PeerPod and no VM key file may be left. The ordinary test run
 * does 40 runs; scripts/soak.sh raises them with {@code -Dosc.soak.adaptorRuns}.
 */
class RandomFaultRunsTest {
  static final String NS = "shop";
  static final int BATCH = 50;

  /** The adaptor process dying: nothing on the way out cleans up. */
  static final class Killed extends Error {
    Killed(Step step) {
      super("killed at " + step);
    }
  }

  /**
   * A cloud that fails a share of its calls as a throttled cloud does, and sometimes only after
   * doing the work (a launch or delete whose answer was lost), the case a retry must not double.
   */
  static final class FlakyCloud implements CloudProvider {
    final LocalProvider cloud = new LocalProvider(Duration.ZERO, LocalProvider.VmBooter.NOTHING);
    final Random random;
    double failureRate;
    long injected;
    long made;

    FlakyCloud(Random random) {
      this.random = random;
    }

    private void maybeFail(String call) throws CloudException {
      if (random.nextDouble() < failureRate) {
        injected++;
        throw new CloudException(call + ": RequestLimitExceeded (injected)");
      }
    }

    @Override
    public String name() {
      return cloud.name();
    }

    @Override
    public Instance create(LaunchRequest request) throws CloudException {
      maybeFail("RunInstances");
      int before = cloud.instances().size();
      Instance made = cloud.create(request);
      this.made += cloud.instances().size() - before;
      maybeFail("RunInstances (answer lost)");
      return made;
    }

    @Override
    public void delete(String instanceId) throws CloudException {
      maybeFail("TerminateInstances");
      cloud.delete(instanceId);
      maybeFail("TerminateInstances (answer lost)");
    }

    @Override
    public List<Instance> list(Map<String, String> tags) throws CloudException {
      maybeFail("DescribeInstances");
      return cloud.list(tags);
    }
  }

  @TempDir Path podsDir;

  @Test
  void randomKillsCloudErrorsAndPodDeletionsNeverLeakAVmARecordOrAKey() throws Exception {
    int runs = Soak.count("adaptorRuns", 40);
    long seed = Soak.count("seed", 42);
    Random random = new Random(seed);
    FlakyCloud cloud = new FlakyCloud(new Random(seed + 1));
    PodVmSettings settings =
        new PodVmSettings("worker-0", "cluster-1", VmLimit.fixed(3), null, Map.of(), podsDir, null);
    VmMetrics metrics = new VmMetrics(new Metrics());
    Step[] steps = Step.values();
    long kills = 0;
    long cloudErrorsSeen = 0;
    long deletions = 0;
    long leakedVms = 0;
    long leakedPeerPods = 0;
    long strayObjects = 0;
    int done = 0;
    while (done < runs) {
      try (MockApi api = new MockApi()) {
        KubernetesClient client = api.client();
        Crds.installOurs(client);
        client
            .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
            .create();
        for (int i = 0; i < BATCH && done < runs; i++, done++) {
          String pod = "p" + done;
          String sid = "sid-" + done;
          pod(client, pod);
          Step kill = random.nextInt(3) == 0 ? null : steps[random.nextInt(steps.length)];
          cloud.failureRate = random.nextInt(3) == 0 ? 0.3 : 0;
          PodVms vms =
              new PodVms(cloud, new PeerPodLedger(client), settings, killAt(kill, sid), metrics);
          boolean failed = true;
          try {
            vms.create(request(pod, sid));
            vms.start(sid);
            if (random.nextBoolean()) {
              vms.stop(sid);
            }
            failed = false;
          } catch (Killed expected) {
            kills++; // the adaptor died; a new one carries on below
            vms = new PodVms(cloud, new PeerPodLedger(client), settings, Faults.NONE, metrics);
          } catch (CloudException expected) {
            cloudErrorsSeen++; // the shim sees StartVM or StopVM fail
          }
          // The shim tears a failed sandbox down with StopVM, unless the call is lost (the
          // adaptor was still restarting).
          if (failed && random.nextBoolean()) {
            try {
              vms.stop(sid);
            } catch (Killed expected) {
              kills++;
            } catch (CloudException expected) {
              cloudErrorsSeen++;
            }
          }
          if (random.nextBoolean()) {
            client.pods().inNamespace(NS).withName(pod).delete();
            deletions++;
          }
          try {
            new Janitor(
                    new PodVms(cloud, new PeerPodLedger(client), settings, Faults.NONE, metrics),
                    new PeerPodLedger(client))
                .run();
          } catch (CloudException expected) {
            cloudErrorsSeen++; // the next pass tries again
          }
        }
        // Every pod deleted and the cloud healthy: one pass must leave nothing behind.
        client.pods().inNamespace(NS).delete();
        cloud.failureRate = 0;
        new Janitor(
                new PodVms(cloud, new PeerPodLedger(client), settings, Faults.NONE, metrics),
                new PeerPodLedger(client))
            .run();
        leakedVms += cloud.cloud.instances().size();
        leakedPeerPods += client.resources(PeerPod.class).inAnyNamespace().list().getItems().size();
        strayObjects += keyFiles();
        // Leaks are counted once: the next batch starts from an empty cloud and pods directory.
        cloud.cloud.instances().keySet().forEach(id -> deleteQuietly(cloud.cloud, id));
        deleteKeyFiles();
      }
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("runs", (long) runs);
    counts.put("kills", kills);
    counts.put("podDeletions", deletions);
    counts.put("cloudErrorsInjected", cloud.injected);
    counts.put("cloudErrorsSeen", cloudErrorsSeen);
    counts.put("vmsMade", cloud.made);
    counts.put("leakedVms", leakedVms);
    counts.put("leakedPeerPods", leakedPeerPods);
    counts.put("strayObjects", strayObjects);
    Soak.report("adaptor seed=" + seed, counts);
    assertThat(kills).as("runs killed").isPositive();
    assertThat(cloud.injected).as("cloud errors injected").isPositive();
    assertThat(leakedVms).as("VMs left").isZero();
    assertThat(leakedPeerPods).as("PeerPods left").isZero();
    assertThat(strayObjects).as("VM key files left in %s", podsDir).isZero();
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

  private static void pod(KubernetesClient client, String name) {
    PeerPodCluster.kataRemotePod(client, NS, name);
  }

  /** The VM key copies (apf.json) still in the pods directory; each VM's must go with it. */
  private long keyFiles() throws IOException {
    try (Stream<Path> files = Files.walk(podsDir)) {
      return files.filter(p -> p.getFileName().toString().equals(PodVms.APF_JSON)).count();
    }
  }

  private void deleteKeyFiles() throws IOException {
    try (Stream<Path> files = Files.walk(podsDir)) {
      for (Path p :
          files.filter(p -> p.getFileName().toString().equals(PodVms.APF_JSON)).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void deleteQuietly(LocalProvider cloud, String id) {
    try {
      cloud.delete(id);
    } catch (CloudException e) {
      throw new IllegalStateException(e);
    }
  }
}
