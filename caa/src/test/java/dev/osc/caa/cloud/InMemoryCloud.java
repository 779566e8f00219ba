package dev.osc.caa.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cloud in memory, with the contract's behaviours: a launch with the name of a live instance
 * returns it, deleting a gone instance succeeds, listing filters on tags. The next launch can be
 * made to fail.
 */
public final class InMemoryCloud implements CloudProvider {
  private final Map<String, Instance> instances = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicInteger launches = new AtomicInteger();
  private volatile String failNextLaunch;

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public List<InstanceType> instanceTypes() {
    return List.of(new InstanceType("small", 2, 4096, 0), new InstanceType("large", 8, 32768, 0));
  }

  @Override
  public synchronized Instance create(LaunchRequest request) throws CloudException {
    if (failNextLaunch != null) {
      String reason = failNextLaunch;
      failNextLaunch = null;
      throw new CloudException("launch " + request.name() + ": " + reason);
    }
    for (Instance i : instances.values()) {
      if (i.name().equals(request.name())) {
        return i;
      }
    }
    launches.incrementAndGet();
    int n = ids.incrementAndGet();
    Instance i = new Instance("vm-" + n, request.name(), List.of("10.0.0." + n),
        request.tags());
    instances.put(i.id(), i);
    return i;
  }

  @Override
  public void delete(String instanceId) {
    instances.remove(instanceId);
  }

  @Override
  public List<Instance> list(Map<String, String> tags) {
    List<Instance> out = new ArrayList<>();
    for (Instance i : instances.values()) {
      if (i.tags().entrySet().containsAll(tags.entrySet())) {
        out.add(i);
      }
    }
    return out;
  }

  public void failNextLaunch(String reason) {
    failNextLaunch = reason;
  }

  public Map<String, Instance> instances() {
    return Map.copyOf(instances);
  }

  /** Instances made so far (a launch that returned an existing one does not count). */
  public int launches() {
    return launches.get();
  }

  /** An instance made outside the adaptor's records, e.g. by a crashed older adaptor. */
  public Instance plant(Map<String, String> tags) {
    int n = ids.incrementAndGet();
    Instance i = new Instance("vm-" + n, "podvm-planted-" + n, List.of("10.0.1." + n), tags);
    instances.put(i.id(), i);
    return i;
  }
}
