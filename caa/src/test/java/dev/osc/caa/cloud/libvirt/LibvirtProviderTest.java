package dev.osc.caa.cloud.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.Instance;
import dev.osc.caa.cloud.InstanceSpec;
import dev.osc.caa.cloud.InstanceTags;
import dev.osc.caa.cloud.LaunchRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * The provider against libvirt's built-in test driver, in process. Every connection to {@code
 * test:///default} in one process shares one state while any of them is open, and a fresh copy of
 * the default state comes back once all are closed: this class keeps {@link #observer} open
 * throughout, so the state is shared, and every test uses its own VM names.
 */
class LibvirtProviderTest {
  private static final String URI = "test:///default";
  private static final String POOL = "default-pool";
  private static final String BASE = "podvm-base.qcow2";

  /** The test driver allocates volumes in full from a 100 GiB pool: keep disks small. */
  private static final long BASE_BYTES = 2L << 30;

  private static final String SKIPPED =
      "LibvirtProviderTest skipped: libvirt0 (libvirt.so.0) is not installed; scripts/deps.sh installs it";
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final LibvirtProvider.AddressWait QUICK =
      new LibvirtProvider.AddressWait(2, Duration.ofMillis(10));

  private static Connect observer;
  private LibvirtProvider provider;

  @BeforeAll
  static void openTestDriver() throws LibvirtException {
    try {
      observer = new Connect(URI);
    } catch (LinkageError e) {
      // Surefire shows a class skipped in @BeforeAll as zero tests, without the reason: say it.
      System.err.println(SKIPPED);
      assumeTrue(false, SKIPPED);
    }
    if (!Arrays.asList(pool().listVolumes()).contains(BASE)) {
      pool()
          .storageVolCreateXML(
              "<volume><name>"
                  + BASE
                  + "</name><capacity unit='bytes'>"
                  + BASE_BYTES
                  + "</capacity><target><format type='qcow2'/></target></volume>",
              0);
    }
  }

  @AfterAll
  static void closeTestDriver() throws LibvirtException {
    if (observer != null) {
      observer.close();
    }
  }

  @AfterEach
  void closeProvider() {
    if (provider != null) {
      provider.close();
    }
  }

  @Test
  void createStartsADomainWithTheRequestedSizeVolumesAndTags() throws Exception {
    provider = provider(Map.of());
    String name = name();
    Instance vm = provider.create(request(name, 3, 1024, sandbox("s1")));

    Domain domain = observer.domainLookupByName(name);
    assertThat(vm.id()).isEqualTo(domain.getUUIDString());
    assertThat(vm.name()).isEqualTo(name);
    // The test driver makes up a lease in 192.168.0.0/16 from the domain's id.
    assertThat(vm.ips()).isNotEmpty().allMatch(ip -> ip.matches("192\\.168\\.\\d+\\.\\d+"));
    assertThat(vm.tags()).containsAllEntriesOf(sandbox("s1"));
    DomainInfo info = domain.getInfo();
    assertThat(info.state).isEqualTo(DomainInfo.DomainState.VIR_DOMAIN_RUNNING);
    assertThat(info.nrVirtCpu).isEqualTo(3);
    assertThat(info.maxMem).as("KiB").isEqualTo(1024L * 1024);

    DomainDescription described = DomainDescription.parse(domain.getXMLDesc(0));
    assertThat(described.tags()).containsAllEntriesOf(sandbox("s1"));
    StorageVol root = pool().storageVolLookupByName(name + "-root.qcow2");
    StorageVol seed = pool().storageVolLookupByName(name + "-cloudinit.iso");
    assertThat(described.diskFiles()).containsExactly(root.getPath(), seed.getPath());
    assertThat(root.getXMLDesc(0))
        .contains(
            "<backingStore>", "<path>" + pool().storageVolLookupByName(BASE).getPath() + "</path>");
    assertThat(root.getInfo().capacity).as("the base is bigger than 1 GiB").isEqualTo(BASE_BYTES);
    assertThat(seed.getInfo().capacity).isEqualTo(NoCloudSeed.iso(name, "#cloud-config\n").length);
  }

  @Test
  void sizesDefaultToTheSettingsAndTheRootDiskToItsSize() throws Exception {
    provider =
        provider(
            Map.of("LIBVIRT_CPU", "4", "LIBVIRT_MEMORY", "2048", "LIBVIRT_ROOT_DISK_SIZE", "3"));
    String name = name();
    Instance vm = provider.create(request(name, 0, 0, sandbox("s2")));

    DomainInfo info = observer.domainLookupByName(name).getInfo();
    assertThat(info.nrVirtCpu).isEqualTo(4);
    assertThat(info.maxMem).isEqualTo(2048L * 1024);
    assertThat(pool().storageVolLookupByName(name + "-root.qcow2").getInfo().capacity)
        .isEqualTo(3L << 30);
    assertThat(vm.tags()).containsAllEntriesOf(sandbox("s2"));
  }

  @Test
  void creatingTwiceWithOneNameGivesOneDomain() throws Exception {
    provider = provider(Map.of());
    String name = name();
    Instance first = provider.create(request(name, 1, 512, sandbox("s3")));
    Instance again = provider.create(request(name, 1, 512, sandbox("s3")));

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(domainNames()).containsOnlyOnce(name);
    assertThat(volumesOf(name))
        .containsExactlyInAnyOrder(name + "-root.qcow2", name + "-cloudinit.iso");
  }

  @Test
  void createReplacesVolumesLeftByACrashedAttempt() throws Exception {
    provider = provider(Map.of());
    String name = name();
    pool().storageVolCreateXML(VolumeXml.raw(name + "-root.qcow2", 1), 0);
    provider.create(request(name, 1, 512, sandbox("s4")));
    assertThat(pool().storageVolLookupByName(name + "-root.qcow2").getXMLDesc(0))
        .contains("<backingStore>");
  }

  @Test
  void deleteRemovesTheDomainAndItsVolumesButNotTheBase() throws Exception {
    provider = provider(Map.of());
    String name = name();
    Instance vm = provider.create(request(name, 1, 512, sandbox("s5")));
    provider.delete(vm.id());

    assertThat(domainNames()).doesNotContain(name);
    assertThat(volumesOf(name)).isEmpty();
    assertThat(Arrays.asList(pool().listVolumes())).contains(BASE);
    provider.delete(vm.id()); // already gone
  }

  @Test
  void deletingAnUnknownIdSucceeds() throws Exception {
    provider = provider(Map.of());
    provider.delete(UUID.randomUUID().toString());
    provider.delete("not-a-uuid");
  }

  @Test
  void listFindsOurDomainsByTagsAndIgnoresOthers() throws Exception {
    provider = provider(Map.of());
    String cluster = "cluster-" + SEQUENCE.incrementAndGet();
    Map<String, String> a = new HashMap<>(sandbox("a"));
    a.put(InstanceTags.CLUSTER, cluster);
    Map<String, String> b = new HashMap<>(sandbox("b"));
    b.put(InstanceTags.CLUSTER, cluster);
    Instance vmA = provider.create(request(name(), 1, 512, a));
    Instance vmB = provider.create(request(name(), 1, 512, b));

    assertThat(provider.list(Map.of(InstanceTags.CLUSTER, cluster)))
        .extracting(Instance::id)
        .containsExactlyInAnyOrder(vmA.id(), vmB.id());
    List<Instance> onlyA =
        provider.list(Map.of(InstanceTags.CLUSTER, cluster, InstanceTags.SANDBOX, "a"));
    assertThat(onlyA)
        .singleElement()
        .satisfies(
            vm -> {
              assertThat(vm.name()).isEqualTo(vmA.name());
              assertThat(vm.ips()).isEqualTo(vmA.ips());
              assertThat(vm.tags()).isEqualTo(vmA.tags());
            });
    assertThat(provider.list(Map.of()))
        .extracting(Instance::name)
        .as("the test driver's own domain carries none of our metadata")
        .doesNotContain("test");
  }

  @Test
  void aMissingBaseVolumeFailsNamingItAndLeavesNothing() throws Exception {
    provider = provider(Map.of("LIBVIRT_VOL_NAME", "no-such-base.qcow2"));
    String name = name();
    assertThatThrownBy(() -> provider.create(request(name, 1, 512, sandbox("s6"))))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining("base volume 'no-such-base.qcow2' not found in pool '" + POOL + "'");
    assertThat(domainNames()).doesNotContain(name);
    assertThat(volumesOf(name)).isEmpty();
  }

  @Test
  void noAddressDeletesWhatWasMade() throws Exception {
    // The test driver starts a domain on an unknown network but has no lease to report for it.
    provider = provider(Map.of("LIBVIRT_NET", "no-such-net"));
    String name = name();
    assertThatThrownBy(() -> provider.create(request(name, 1, 512, sandbox("s7"))))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining("no IP address after 2 tries")
        .hasMessageContaining("no-such-net");
    assertThat(domainNames()).doesNotContain(name);
    assertThat(volumesOf(name)).isEmpty();
  }

  @Test
  void aDomainOfThatNameNotMadeByUsIsLeftAlone() throws Exception {
    provider = provider(Map.of());
    assertThatThrownBy(() -> provider.create(request("test", 1, 512, sandbox("s8"))))
        .hasMessageContaining("not made by the peer-pods adaptor");
    assertThat(observer.domainLookupByName("test").isActive()).isEqualTo(1);
  }

  @Test
  void theSpecsImageReplacesTheConfiguredBase() throws Exception {
    provider = provider(Map.of());
    String name = name();
    String other = name + "-image.qcow2";
    StorageVol image = pool().storageVolCreateXML(VolumeXml.raw(other, 1L << 30), 0);
    provider.create(
        new LaunchRequest(
            name, "#cloud-config\n", new InstanceSpec(null, 1, 512, 0, other), sandbox("s9")));
    assertThat(pool().storageVolLookupByName(name + "-root.qcow2").getXMLDesc(0))
        .contains("<path>" + image.getPath() + "</path>", "<format type='raw'/>");
  }

  @Test
  void concurrentCreatesShareTheConnection() throws Exception {
    provider = provider(Map.of());
    List<String> names = IntStream.range(0, 6).mapToObj(i -> name()).toList();
    ExecutorService pool = Executors.newFixedThreadPool(names.size());
    try {
      List<Future<Instance>> launches = new ArrayList<>();
      for (String name : names) {
        launches.add(pool.submit(() -> provider.create(request(name, 1, 256, sandbox(name)))));
      }
      List<String> ids = new ArrayList<>();
      for (Future<Instance> launch : launches) {
        ids.add(launch.get(30, TimeUnit.SECONDS).id());
      }
      assertThat(ids).doesNotHaveDuplicates().hasSize(names.size());
      assertThat(domainNames()).containsAll(names);
      for (String id : ids) {
        pool.submit(
                () -> {
                  provider.delete(id);
                  return null;
                })
            .get(30, TimeUnit.SECONDS);
      }
      assertThat(domainNames()).doesNotContainAnyElementsOf(names);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aMissingPoolFailsAtStart() {
    assertThatThrownBy(() -> provider(Map.of("LIBVIRT_POOL", "nope")))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining("storage pool 'nope' (LIBVIRT_POOL) not found");
  }

  private static LibvirtProvider provider(Map<String, String> extra) throws CloudException {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "CLOUD_PROVIDER",
                "libvirt",
                "LIBVIRT_URI",
                URI,
                "LIBVIRT_POOL",
                POOL,
                "LIBVIRT_VOL_NAME",
                BASE,
                "LIBVIRT_ROOT_DISK_SIZE",
                "1"));
    env.putAll(extra);
    return new LibvirtProvider(LibvirtSettingsTest.settings(env), QUICK);
  }

  private static LaunchRequest request(
      String name, long vcpus, long memoryMiB, Map<String, String> tags) {
    return new LaunchRequest(
        name, "#cloud-config\n", new InstanceSpec(null, vcpus, memoryMiB, 0, null), tags);
  }

  private static Map<String, String> sandbox(String id) {
    return Map.of(InstanceTags.SANDBOX, id, InstanceTags.NODE, "worker-0");
  }

  private static String name() {
    return "podvm-t"
        + SEQUENCE.incrementAndGet()
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  private static StoragePool pool() throws LibvirtException {
    return observer.storagePoolLookupByName(POOL);
  }

  private static List<String> volumesOf(String name) throws LibvirtException {
    return Arrays.stream(pool().listVolumes()).filter(v -> v.startsWith(name + "-")).toList();
  }

  private static List<String> domainNames() throws LibvirtException {
    List<String> names = new ArrayList<>(Arrays.asList(observer.listDefinedDomains()));
    for (int id : observer.listDomains()) {
      names.add(observer.domainLookupByID(id).getName());
    }
    return names;
  }
}
