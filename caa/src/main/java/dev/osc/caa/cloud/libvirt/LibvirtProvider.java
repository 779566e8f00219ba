package dev.osc.caa.cloud.libvirt;

import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.Provider;
import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.CloudProvider;
import dev.osc.caa.cloud.Instance;
import dev.osc.caa.cloud.LaunchRequest;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInterface;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.libvirt.Stream;
import org.libvirt.jna.Libvirt.VirErrorCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pod VMs as libvirt domains (IBM Z in the documentation, any KVM host in practice), through one
 * libvirt connection. Each VM gets a qcow2 overlay of the base image volume as its root disk and a
 * cloud-init NoCloud ISO as its seed, both in the configured pool and both deleted with it.
 *
 * <p>libvirt's C connections are thread-safe and the Java binding reads errors per thread, but the
 * binding makes no promise of its own, so every use of the connection holds one lock; waits for
 * addresses sleep without it.
 */
public final class LibvirtProvider implements CloudProvider {
  static final String ROOT_SUFFIX = "-root.qcow2";
  static final String SEED_SUFFIX = "-cloudinit.iso";
  private static final long GIB = 1L << 30;

  /** {@code VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE}: the libvirt network's DHCP leases. */
  private static final int ADDRESSES_FROM_LEASES = 0;

  /** {@code VIR_DOMAIN_UNDEFINE_NVRAM}: UEFI domains keep a variable store to remove too. */
  private static final int UNDEFINE_NVRAM = 4;

  private static final Logger log = LoggerFactory.getLogger(LibvirtProvider.class);

  private final LibvirtSettings settings;
  private final AddressWait addressWait;
  private final Connect connect;
  private final HostCapabilities host;
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<String> launching = ConcurrentHashMap.newKeySet();

  /** Kept as a field: JNA must not lose the callback while libvirt holds it. */
  private final VirErrorCallback quietErrors =
      (userData, error) -> log.debug("libvirt: {}", error.message);

  public LibvirtProvider(LibvirtSettings settings) throws CloudException {
    this(settings, null);
  }

  /**
   * @param addressWait how long to wait for a lease, or null for {@link AddressWait#of}
   */
  LibvirtProvider(LibvirtSettings settings, AddressWait addressWait) throws CloudException {
    this.settings = settings;
    String where = LibvirtSettings.redacted(settings.uri());
    try {
      connect = new Connect(settings.uri());
    } catch (LinkageError e) {
      throw new CloudException(
          "libvirt: cannot load the libvirt client library libvirt.so.0"
              + " (Debian/Ubuntu package libvirt0, RHEL libvirt-libs): "
              + e.getMessage(),
          e);
    } catch (LibvirtException e) {
      throw failure("connect to " + where, e);
    }
    try {
      host =
          locked(
              "read the capabilities of " + where,
              () -> {
                // Errors come back as exceptions; libvirt's default handler would also print each
                // one.
                connect.setConnectionErrorCallback(quietErrors);
                try {
                  return HostCapabilities.parse(connect.getCapabilities(), settings.domainType());
                } catch (IllegalArgumentException e) {
                  throw new CloudException("libvirt on " + where + ": " + e.getMessage(), e);
                }
              });
      locked("look up storage pool " + settings.pool(), this::pool);
    } catch (CloudException e) {
      close();
      throw e;
    }
    this.addressWait = addressWait != null ? addressWait : AddressWait.of(host.domainType());
    log.info("libvirt provider on {}: {} domains on {}", where, host.domainType(), host.arch());
  }

  @Override
  public String name() {
    return Provider.LIBVIRT.value();
  }

  @Override
  public Instance create(LaunchRequest request) throws CloudException {
    String name = request.name();
    if (!launching.add(name)) {
      throw new CloudException("libvirt create " + name + ": already being created");
    }
    try {
      Optional<Domain> existing = locked("look up domain " + name, () -> domainByName(name));
      Domain domain = existing.isPresent() ? resume(name, existing.get()) : build(request);
      try {
        return instance(domain, awaitAddresses(name, domain));
      } catch (CloudException e) {
        // Without an address the VM is useless and its id unknown to the caller: it goes,
        // whichever attempt made it.
        locked(
            "clean up after failed create of " + name,
            () -> {
              removeQuietly(domain, e);
              return null;
            });
        throw e;
      }
    } finally {
      launching.remove(name);
    }
  }

  @Override
  public void delete(String instanceId) throws CloudException {
    locked(
        "delete domain " + instanceId,
        () -> {
          Optional<Domain> domain = domainByUuid(instanceId);
          if (domain.isPresent()) {
            remove(domain.get());
          }
          return null;
        });
  }

  @Override
  public List<Instance> list(Map<String, String> tags) throws CloudException {
    return locked(
        "list domains",
        () -> {
          List<Instance> found = new ArrayList<>();
          for (Domain domain : allDomains()) {
            DomainDescription d = describe(domain);
            if (d != null && d.carries(tags)) {
              found.add(new Instance(d.uuid(), d.name(), addressesOnce(domain), d.tags()));
            }
          }
          return found;
        });
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connect.close();
    } catch (LibvirtException e) {
      log.warn("libvirt: closing the connection failed: {}", e.getMessage());
    } finally {
      lock.unlock();
    }
  }

  /** A domain an earlier launch left under this name (a crash, a retry): ours to finish. */
  private Domain resume(String name, Domain domain) throws CloudException {
    return locked(
        "resume domain " + name,
        () -> {
          DomainDescription d = describe(domain);
          if (d == null || !d.madeByUs()) {
            throw new CloudException(
                "libvirt create "
                    + name
                    + ": a domain of that name exists and"
                    + " was not made by the peer-pods adaptor");
          }
          if (domain.isActive() == 0) {
            domain.create();
          }
          log.info("libvirt: domain {} already exists, returning it", name);
          return domain;
        });
  }

  /** Makes the volumes and the domain and starts it; on failure removes whatever it made. */
  private Domain build(LaunchRequest request) throws CloudException {
    String name = request.name();
    return locked(
        "create domain " + name,
        () -> {
          StoragePool pool = pool();
          String baseName =
              request.spec().image() == null || request.spec().image().isBlank()
                  ? settings.baseVolume()
                  : request.spec().image();
          StorageVol base =
              volume(pool, baseName)
                  .orElseThrow(
                      () ->
                          new CloudException(
                              "libvirt create "
                                  + name
                                  + ": base volume '"
                                  + baseName
                                  + "' not found in pool '"
                                  + settings.pool()
                                  + "' ("
                                  + PeerPodsKeys.LIBVIRT_VOL_NAME
                                  + " or "
                                  + PeerPodsKeys.LIBVIRT_IMAGE_ID
                                  + ")"));
          // No domain has this name, so volumes with its names are an earlier attempt's leftovers.
          deleteVolume(pool, name + ROOT_SUFFIX);
          deleteVolume(pool, name + SEED_SUFFIX);
          List<String> made = new ArrayList<>();
          Domain domain = null;
          try {
            long capacity = Math.max(settings.rootDiskGiB() * GIB, base.getInfo().capacity);
            StorageVol root =
                pool.storageVolCreateXML(
                    VolumeXml.overlay(
                        name + ROOT_SUFFIX,
                        capacity,
                        base.getPath(),
                        VolumeXml.format(base.getXMLDesc(0))),
                    0);
            made.add(name + ROOT_SUFFIX);
            byte[] seedImage = NoCloudSeed.iso(name, request.userData());
            StorageVol seed =
                pool.storageVolCreateXML(VolumeXml.raw(name + SEED_SUFFIX, seedImage.length), 0);
            made.add(name + SEED_SUFFIX);
            upload(seed, seedImage);
            domain = connect.domainDefineXML(definition(request, root, seed).toXml());
            domain.create();
            return domain;
          } catch (LibvirtException | RuntimeException e) {
            CloudException failure =
                e instanceof LibvirtException le
                    ? failure("create domain " + name, le)
                    : new CloudException(
                        "libvirt create domain " + name + ": " + e.getMessage(), e);
            if (domain != null) {
              removeQuietly(domain, failure);
            }
            for (String volume : made) {
              try {
                deleteVolume(pool, volume);
              } catch (LibvirtException cleanup) {
                failure.addSuppressed(cleanup);
              }
            }
            throw failure;
          }
        });
  }

  private DomainDefinition definition(LaunchRequest request, StorageVol root, StorageVol seed)
      throws LibvirtException {
    long vcpus = request.spec().vcpus() > 0 ? request.spec().vcpus() : settings.vcpus();
    long memory =
        request.spec().memoryMiB() > 0 ? request.spec().memoryMiB() : settings.memoryMiB();
    return new DomainDefinition(
        request.name(),
        host,
        vcpus,
        memory,
        settings.cpuset(),
        root.getPath(),
        seed.getPath(),
        settings.network(),
        settings.efiFirmware(),
        settings.secureExecution(),
        request.tags());
  }

  /**
   * Writes the seed image into its volume through a libvirt stream, which works on remote hosts.
   * The test driver has no volume contents and refuses uploads; there the seed volume stays empty,
   * which is fine as its domains boot nothing.
   */
  private void upload(StorageVol volume, byte[] image) throws LibvirtException {
    Stream stream = connect.streamNew(0);
    try {
      volume.upload(stream, 0, image.length, 0);
    } catch (LibvirtException e) {
      if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_SUPPORT
          && host.domainType().equals(HostCapabilities.TEST)) {
        log.info(
            "libvirt: the test driver cannot upload; seed volume {} left empty", volume.getName());
        return;
      }
      throw e;
    }
    try {
      ByteBuffer buffer = ByteBuffer.allocateDirect(image.length).put(image).flip();
      while (buffer.hasRemaining()) {
        stream.write(buffer);
      }
      stream.finish();
    } catch (IOException | LibvirtException e) {
      try {
        stream.abort();
      } catch (LibvirtException abort) {
        e.addSuppressed(abort);
      }
      if (e instanceof LibvirtException le) {
        throw le;
      }
      throw new IllegalStateException("upload to " + volume.getName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Polls the network's DHCP leases until the domain has an address. Errors count as "not yet" (the
   * guest may not have asked), but the last one is reported if no address ever comes.
   */
  private List<String> awaitAddresses(String name, Domain domain) throws CloudException {
    String lastError = "no DHCP lease";
    for (int attempt = 1; attempt <= addressWait.attempts(); attempt++) {
      try {
        List<String> ips = lockedLibvirt(() -> addresses(domain));
        if (!ips.isEmpty()) {
          return ips;
        }
      } catch (LibvirtException e) {
        lastError = e.getMessage();
      }
      if (attempt < addressWait.attempts()) {
        sleep(addressWait.interval());
      }
    }
    throw new CloudException(
        "libvirt create "
            + name
            + ": no IP address after "
            + addressWait.attempts()
            + " tries "
            + addressWait.interval().toMillis()
            + " ms apart ("
            + lastError
            + ")");
  }

  /** IPv4 first: the adaptor dials the first address and the pod network is IPv4. */
  private static List<String> addresses(Domain domain) throws LibvirtException {
    List<InetAddress> found = new ArrayList<>();
    for (DomainInterface nic : domain.interfaceAddresses(ADDRESSES_FROM_LEASES, 0)) {
      for (DomainInterface.InterfaceAddress a : nic.addrs) {
        if (a.address != null
            && !a.address.isLoopbackAddress()
            && !a.address.isLinkLocalAddress()) {
          found.add(a.address);
        }
      }
    }
    found.sort(Comparator.comparing(a -> a instanceof Inet4Address ? 0 : 1));
    return found.stream().map(InetAddress::getHostAddress).distinct().toList();
  }

  /** For listing: whatever addresses a running domain has now, without waiting. */
  private static List<String> addressesOnce(Domain domain) {
    try {
      return domain.isActive() == 1 ? addresses(domain) : List.of();
    } catch (LibvirtException e) {
      return List.of();
    }
  }

  private Instance instance(Domain domain, List<String> ips) throws CloudException {
    return locked(
        "describe domain",
        () -> {
          DomainDescription d = describe(domain);
          if (d == null) {
            throw new CloudException("libvirt: domain vanished while it was being created");
          }
          return new Instance(d.uuid(), d.name(), ips, d.tags());
        });
  }

  /** Stops the domain, deletes its disks' volumes, then undefines it: a retry finds the rest. */
  private void remove(Domain domain) throws LibvirtException {
    if (domain.isActive() == 1) {
      domain.destroy();
    }
    DomainDescription d = DomainDescription.parse(domain.getXMLDesc(0));
    for (String file : d.diskFiles()) {
      Optional<StorageVol> volume =
          absentIf(ErrorNumber.VIR_ERR_NO_STORAGE_VOL, () -> connect.storageVolLookupByPath(file));
      if (volume.isPresent()) {
        volume.get().delete(0);
      }
    }
    try {
      domain.undefine(UNDEFINE_NVRAM);
    } catch (LibvirtException e) {
      // Drivers or domains without NVRAM support refuse the flag.
      domain.undefine();
    }
    log.info("libvirt: deleted domain {} ({}) and volumes {}", d.name(), d.uuid(), d.diskFiles());
  }

  private void removeQuietly(Domain domain, CloudException cause) {
    try {
      remove(domain);
    } catch (LibvirtException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private void deleteVolume(StoragePool pool, String name) throws LibvirtException {
    Optional<StorageVol> volume = volume(pool, name);
    if (volume.isPresent()) {
      volume.get().delete(0);
    }
  }

  private StoragePool pool() throws LibvirtException, CloudException {
    return absentIf(
            ErrorNumber.VIR_ERR_NO_STORAGE_POOL,
            () -> connect.storagePoolLookupByName(settings.pool()))
        .orElseThrow(
            () ->
                new CloudException(
                    "libvirt: storage pool '"
                        + settings.pool()
                        + "' ("
                        + PeerPodsKeys.LIBVIRT_POOL
                        + ") not found"));
  }

  private static Optional<StorageVol> volume(StoragePool pool, String name)
      throws LibvirtException {
    return absentIf(ErrorNumber.VIR_ERR_NO_STORAGE_VOL, () -> pool.storageVolLookupByName(name));
  }

  private Optional<Domain> domainByName(String name) throws LibvirtException {
    return absentIf(ErrorNumber.VIR_ERR_NO_DOMAIN, () -> connect.domainLookupByName(name));
  }

  /** Not a UUID at all is as gone as an unknown one. */
  private Optional<Domain> domainByUuid(String uuid) throws LibvirtException {
    try {
      return absentIf(ErrorNumber.VIR_ERR_NO_DOMAIN, () -> connect.domainLookupByUUIDString(uuid));
    } catch (LibvirtException e) {
      if (e.getError().getCode() == ErrorNumber.VIR_ERR_INVALID_ARG) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Running and defined-but-stopped domains; one that goes away meanwhile is skipped. */
  private List<Domain> allDomains() throws LibvirtException {
    List<Domain> domains = new ArrayList<>();
    for (int id : connect.listDomains()) {
      absentIf(ErrorNumber.VIR_ERR_NO_DOMAIN, () -> connect.domainLookupByID(id))
          .ifPresent(domains::add);
    }
    for (String name : connect.listDefinedDomains()) {
      domainByName(name).ifPresent(domains::add);
    }
    return domains;
  }

  /** The domain's description, or null if it went away. */
  private static DomainDescription describe(Domain domain) throws LibvirtException {
    return absentIf(ErrorNumber.VIR_ERR_NO_DOMAIN, () -> domain.getXMLDesc(0))
        .map(DomainDescription::parse)
        .orElse(null);
  }

  private static <T> Optional<T> absentIf(ErrorNumber missing, LibvirtCall<T> call)
      throws LibvirtException {
    try {
      return Optional.ofNullable(call.run());
    } catch (LibvirtException e) {
      if (e.getError().getCode() == missing) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Runs {@code call} holding the connection lock, naming {@code operation} in any failure. */
  private <T> T locked(String operation, CloudCall<T> call) throws CloudException {
    lock.lock();
    try {
      return call.run();
    } catch (LibvirtException e) {
      throw failure(operation, e);
    } finally {
      lock.unlock();
    }
  }

  private <T> T lockedLibvirt(LibvirtCall<T> call) throws LibvirtException {
    lock.lock();
    try {
      return call.run();
    } finally {
      lock.unlock();
    }
  }

  private static CloudException failure(String operation, LibvirtException e) {
    return new CloudException("libvirt " + operation + ": " + e.getMessage(), e);
  }

  private static void sleep(Duration d) throws CloudException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudException("libvirt: interrupted while waiting for an IP address", e);
    }
  }

  @FunctionalInterface
  private interface LibvirtCall<T> {
    T run() throws LibvirtException;
  }

  @FunctionalInterface
  private interface CloudCall<T> {
    T run() throws LibvirtException, CloudException;
  }

  /**
   * How long to wait for a DHCP lease: upstream's 20 tries 3 s apart with hardware virtualization;
   * 100 (5 minutes) under emulation, where a guest asks for its lease after 25 to 40 s alone and
   * after more than a minute when five boot at once on two host cores.
   */
  record AddressWait(int attempts, Duration interval) {
    static final AddressWait DEFAULT = new AddressWait(20, Duration.ofSeconds(3));
    static final AddressWait EMULATED = new AddressWait(100, Duration.ofSeconds(3));

    static AddressWait of(String domainType) {
      return domainType.equals(DomainTypes.QEMU) ? EMULATED : DEFAULT;
    }
  }
}
