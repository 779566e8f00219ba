package dev.osc.caa.cloud.local;

import dev.osc.api.peerpods.Provider;
import dev.osc.caa.cloud.CloudCalls;
import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.CloudProvider;
import dev.osc.caa.cloud.Instance;
import dev.osc.caa.cloud.LaunchRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pod VMs on this machine, for the playground, the bench and tests: a "VM" is what a {@link
 * VmBooter} starts (the forwarder, in this process with {@link LocalForwarders}, or in a network
 * namespace of its own with {@link NetnsVms}), reached at an address of its own (by default in
 * 127.1.0.0/16: Linux routes all of 127.0.0.0/8 to the loopback interface), so every VM's forwarder
 * listens on the same port, as in a cloud. Its VMs live as long as the process, as a host's VMs
 * live as long as the host. A simulated cloud latency can be added to every launch and delete, and
 * the next launch can be made to fail, to see how the adaptor copes.
 */
public final class LocalProvider implements CloudProvider {
  /**
   * The threads of this "cloud" itself, which boot and power off its VMs: as a cloud's machines are
   * not the adaptor's, they do not run on the adaptor's executors, and a bench counting the
   * adaptor's threads leaves them out.
   */
  public static final ThreadGroup CLOUD_THREADS = new ThreadGroup("local-cloud");

  private static final AtomicInteger CLOUD_THREAD_IDS = new AtomicInteger();
  private static final Executor CLOUD =
      Executors.newCachedThreadPool(
          r -> {
            Thread t =
                new Thread(CLOUD_THREADS, r, "local-cloud-" + CLOUD_THREAD_IDS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  /** Starts what runs "inside" a local VM; closing the handle powers it off. */
  @FunctionalInterface
  public interface VmBooter {
    VmBooter NOTHING = (instance, userData) -> () -> {};

    AutoCloseable boot(Instance instance, String userData) throws Exception;

    /** The address of the {@code n}th VM (from 1): by default in 127.1.0.0/16. */
    default String address(int n) {
      return "127.1." + (n / 250 % 250) + "." + (n % 250 + 1);
    }
  }

  /** A VM; {@code power} is null until it has booted. */
  private record Vm(Instance instance, AutoCloseable power) {}

  /** A launch's instance, and whether this launch made it (else an earlier one of its name did). */
  private record Reserved(Instance instance, boolean made) {}

  private final Duration latency;
  private final VmBooter booter;
  private final Map<String, Vm> vms = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile String failNextLaunch;

  public LocalProvider(Duration latency, VmBooter booter) {
    this.latency = latency;
    this.booter = booter;
  }

  @Override
  public String name() {
    return Provider.LOCAL.value();
  }

  @Override
  public Instance create(LaunchRequest request) throws CloudException {
    Reserved reserved = reserve(request);
    if (!reserved.made()) {
      return reserved.instance();
    }
    pause();
    return boot(request);
  }

  /**
   * The latency passes on a timer, as a cloud's answer is awaited: no thread waits it out; the VM
   * boots on this cloud's threads, not on {@code blocking}.
   */
  @Override
  public CompletableFuture<Instance> createAsync(LaunchRequest request, Executor blocking) {
    Reserved reserved;
    try {
      reserved = reserve(request);
    } catch (CloudException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (!reserved.made()) {
      return CompletableFuture.completedFuture(reserved.instance());
    }
    return CloudCalls.on(later(), () -> boot(request));
  }

  /** The instance of this name, made now (not booted) unless it exists. */
  private synchronized Reserved reserve(LaunchRequest request) throws CloudException {
    String reason = failNextLaunch;
    failNextLaunch = null;
    if (reason != null) {
      throw new CloudException("launch " + request.name() + ": " + reason);
    }
    for (Vm vm : vms.values()) {
      if (vm.instance().name().equals(request.name())) {
        return new Reserved(vm.instance(), false);
      }
    }
    int n = ids.incrementAndGet();
    Instance instance =
        new Instance("local-" + n, request.name(), List.of(booter.address(n)), request.tags());
    vms.put(instance.id(), new Vm(instance, null));
    return new Reserved(instance, true);
  }

  private Instance boot(LaunchRequest request) throws CloudException {
    Instance instance = find(request.name());
    try {
      vms.put(instance.id(), new Vm(instance, booter.boot(instance, request.userData())));
    } catch (Exception e) {
      vms.remove(instance.id());
      throw new CloudException("booting " + request.name() + " failed: " + e.getMessage(), e);
    }
    return instance;
  }

  @Override
  public void delete(String instanceId) throws CloudException {
    pause();
    powerOff(instanceId);
  }

  @Override
  public CompletableFuture<Void> deleteAsync(String instanceId, Executor blocking) {
    return CloudCalls.on(
        later(),
        () -> {
          powerOff(instanceId);
          return null;
        });
  }

  private void powerOff(String instanceId) throws CloudException {
    Vm vm = vms.remove(instanceId);
    if (vm != null && vm.power() != null) {
      try {
        vm.power().close();
      } catch (Exception e) {
        throw new CloudException("powering off " + instanceId + " failed: " + e.getMessage(), e);
      }
    }
  }

  /** Runs on this cloud's threads once the simulated latency has passed. */
  private Executor later() {
    return latency.isZero()
        ? CLOUD
        : CompletableFuture.delayedExecutor(latency.toNanos(), TimeUnit.NANOSECONDS, CLOUD);
  }

  @Override
  public List<Instance> list(Map<String, String> tags) {
    List<Instance> out = new ArrayList<>();
    for (Vm vm : vms.values()) {
      if (vm.instance().tags().entrySet().containsAll(tags.entrySet())) {
        out.add(vm.instance());
      }
    }
    return out;
  }

  /** The next launch fails with this reason, as a cloud out of capacity would. */
  public void failNextLaunch(String reason) {
    failNextLaunch = reason;
  }

  /** The VMs running now, by id. */
  public Map<String, Instance> instances() {
    Map<String, Instance> out = new java.util.HashMap<>();
    vms.forEach((id, vm) -> out.put(id, vm.instance()));
    return out;
  }

  @Override
  public void close() {
    for (String id : List.copyOf(vms.keySet())) {
      Vm vm = vms.remove(id);
      try {
        if (vm != null && vm.power() != null) {
          vm.power().close();
        }
      } catch (Exception ignored) {
        // powering everything off on the way out
      }
    }
  }

  private Instance find(String name) throws CloudException {
    return vms.values().stream()
        .map(Vm::instance)
        .filter(i -> i.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new CloudException("VM " + name + " vanished"));
  }

  private void pause() throws CloudException {
    if (latency.isZero()) {
      return;
    }
    try {
      Thread.sleep(latency.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudException("interrupted");
    }
  }
}
