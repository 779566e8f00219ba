package dev.osc.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.osc.api.peerpods.PeerPodsSettings;
import dev.osc.caa.CaaDaemon;
import dev.osc.caa.CaaSettings;
import dev.osc.caa.Providers;
import dev.osc.caa.cloud.CloudProvider;
import dev.osc.caa.hypervisor.HypervisorMessages;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.metrics.Metrics;
import dev.osc.testkit.Crds;
import dev.osc.testkit.MockApi;
import dev.osc.ttrpc.TtrpcClient;
import dev.osc.ttrpc.UnixSockets;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;

/**
 * Pod VMs on the real libvirt test bed, measured (not a test: surefire runs it only by name):
 * CreateVM to StartVM's answer, split into the adaptor's own part (CreateVM, then volumes, seed
 * upload, define and start until the domain runs) and the guest's (boot, DHCP lease, forwarder up);
 * the QEMU process's resident memory once the forwarder answers; one VM, then five at once. It
 * uploads its own base volume (LibvirtE2ETest removes its pool). Run it after
 * `scripts/libvirt-testbed.sh` with {@code OSC_LIBVIRT_URI=qemu:///system mvn -o test -pl e2e -am
 * -Dtest=LibvirtBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class LibvirtBench {
  @TempDir Path dir;

  record Run(String name, long createMs, long domainRunningMs, long startAnsweredMs, long rssKiB) {}

  @Test
  void bench() throws Exception {
    String uri = System.getenv("OSC_LIBVIRT_URI");
    assumeTrue(uri != null, "OSC_LIBVIRT_URI is not set");
    LibvirtE2ETest.testBed();
    Connect virt = new Connect(uri);
    try {
      uploadBase(uri);
      System.out.println(
          "one VM (2 vCPUs, 768 MiB, "
              + System.getenv().getOrDefault("OSC_LIBVIRT_NET", "oscv-net")
              + "):");
      print(runAtOnce(virt, uri, 1, "2"));
      System.out.println("five VMs at once (1 vCPU, 768 MiB each):");
      print(runAtOnce(virt, uri, 5, "1"));
    } finally {
      LibvirtE2ETest.cleanUp();
      virt.close();
    }
  }

  private void uploadBase(String uri) throws Exception {
    var job =
        new dev.osc.caa.image.ImageJob(
            Map.of(
                "CLOUD_PROVIDER",
                "libvirt",
                "LIBVIRT_URI",
                uri,
                "LIBVIRT_POOL",
                LibvirtE2ETest.POOL,
                "LIBVIRT_DIR_NAME",
                LibvirtE2ETest.POOL_DIR,
                "LIBVIRT_VOL_NAME",
                LibvirtE2ETest.VOLUME,
                "UPDATE_PEERPODS_CM",
                "no",
                "PODVM_IMAGE_URI",
                "file::" + LibvirtE2ETest.image(),
                "IMAGE_NAME",
                LibvirtE2ETest.VOLUME),
            // No cluster: the Job only checks that no image id is set yet (UPDATE_PEERPODS_CM=no).
            new dev.osc.caa.image.PeerPodsConfigMap(null, "none") {
              @Override
              public String value(String key) {
                return "";
              }
            },
            dev.osc.caa.image.Images::open,
            java.time.Clock.systemUTC());
    var outcome = job.create();
    if (outcome.exitCode() != 0) {
      throw new IllegalStateException(outcome.message());
    }
  }

  private List<Run> runAtOnce(Connect virt, String uri, int n, String vcpus) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("CLOUD_PROVIDER", "libvirt");
    env.put("NODE_NAME", "worker-0");
    env.put("REMOTE_HYPERVISOR_ENDPOINT", dir.resolve("hypervisor.sock").toString());
    env.put("PODS_DIR", dir.resolve("pods").toString());
    env.put("FORWARDER_CA_DIR", dir.resolve("ca").toString());
    env.put("PROXY_TIMEOUT", "10m");
    env.put("METRICS_PORT", "0");
    // No pod network namespace here: the shim is played by the test.
    env.put("TUNNEL_TYPE", "none");
    env.put("LIBVIRT_URI", uri);
    env.put("LIBVIRT_POOL", LibvirtE2ETest.POOL);
    env.put("LIBVIRT_NET", System.getenv().getOrDefault("OSC_LIBVIRT_NET", "oscv-net"));
    env.put("LIBVIRT_VOL_NAME", LibvirtE2ETest.VOLUME);
    env.put("LIBVIRT_CPU", vcpus);
    env.put("LIBVIRT_MEMORY", "768");
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try (MockApi api = new MockApi();
        CloudProvider cloud = Providers.create(PeerPodsSettings.read(env), null)) {
      KubernetesClient client = api.client();
      Crds.installOurs(client);
      for (String ns : List.of("kube-system", "shop")) {
        client
            .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
            .create();
      }
      try (CaaDaemon daemon =
          CaaDaemon.start(CaaSettings.from(env), cloud, client, new Metrics())) {
        List<Future<Run>> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          String pod = "oscv-bench-" + i;
          String sid = String.format("%x%07x", 9, i) + "0c0d0e0f9e1f0a0b0c0d0e0f";
          client
              .resource(
                  new PodBuilder()
                      .withNewMetadata()
                      .withName(pod)
                      .withNamespace("shop")
                      .withUid("uid-" + pod)
                      .endMetadata()
                      .build())
              .create();
          runs.add(pool.submit(() -> one(virt, pod, sid)));
        }
        List<Run> done = new ArrayList<>();
        for (Future<Run> f : runs) {
          done.add(f.get());
        }
        for (Run r : done) {
          call(HypervisorMessages.STOP_VM, HypervisorMessages.idRequest(sids.get(r.name())));
        }
        return done;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Sandbox id by domain name. */
  private final Map<String, String> sids = new java.util.concurrent.ConcurrentHashMap<>();

  private Run one(Connect virt, String pod, String sid) throws Exception {
    long t0 = System.nanoTime();
    call(
        HypervisorMessages.CREATE_VM,
        new HypervisorMessages.CreateVmRequest(
                sid,
                Map.of(SandboxRequest.SANDBOX_NAME, pod, SandboxRequest.SANDBOX_NAMESPACE, "shop"),
                "")
            .encode());
    long created = System.nanoTime();
    String name = "podvm-" + pod + "-" + sid.substring(0, 8);
    sids.put(name, sid);
    long[] running = {0};
    Thread watch =
        new Thread(
            () -> {
              while (running[0] == 0) {
                try {
                  Domain d = virt.domainLookupByName(name);
                  if (d.isActive() == 1) {
                    running[0] = System.nanoTime();
                  }
                } catch (Exception notYet) {
                  // not defined yet
                }
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    watch.start();
    call(HypervisorMessages.START_VM, HypervisorMessages.idRequest(sid));
    long answered = System.nanoTime();
    watch.interrupt();
    long rss = rssKiB(name);
    return new Run(
        name,
        (created - t0) / 1_000_000,
        (running[0] - created) / 1_000_000,
        (answered - t0) / 1_000_000,
        rss);
  }

  private static long rssKiB(String domain) throws Exception {
    String pid = Files.readString(Path.of("/run/libvirt/qemu/" + domain + ".pid")).trim();
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  private byte[] call(String method, byte[] request) throws Exception {
    try (TtrpcClient shim = new TtrpcClient(UnixSockets.connect(dir.resolve("hypervisor.sock")))) {
      return shim.call(HypervisorMessages.SERVICE, method, request);
    }
  }

  private static void print(List<Run> runs) {
    System.out.printf(
        "  %-28s %10s %14s %14s %12s%n",
        "domain", "CreateVM", "adaptor until", "StartVM", "QEMU RSS");
    System.out.printf("  %-28s %10s %14s %14s %12s%n", "", "answer", "domain runs", "answered", "");
    for (Run r : runs) {
      System.out.printf(
          "  %-28s %8d ms %11d ms %11.1f s %9d MiB%n",
          r.name(),
          r.createMs(),
          r.domainRunningMs(),
          r.startAnsweredMs() / 1000.0,
          r.rssKiB() / 1024);
    }
  }
}
