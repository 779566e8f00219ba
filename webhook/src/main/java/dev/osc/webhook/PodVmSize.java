package dev.osc.webhook;

import dev.osc.api.PeerPods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The VM a peer pod asks for through its containers' resources, counted the way the scheduler
 * counts a pod: app containers and sidecars run together, each other init container runs alone
 * (next to the sidecars started before it), and the VM must fit the largest of these phases. Per
 * container the limit is what it may use, so it wins over the request.
 */
record PodVmSize(BigDecimal cpus, BigDecimal memoryBytes, BigDecimal gpus) {

  private static final BigDecimal MIB = BigDecimal.valueOf(1024 * 1024);

  /** An init container with this restart policy is a sidecar: it keeps running. */
  private static final String SIDECAR = "Always";

  static PodVmSize of(List<Container> containers, List<Container> initContainers) {
    return new PodVmSize(
        total("cpu", containers, initContainers),
        total("memory", containers, initContainers),
        total(PeerPods.RESOURCE_GPU, containers, initContainers));
  }

  /**
   * The kata annotations for what was asked: whole vCPUs and GPUs, memory in MiB, all rounded up;
   * none for a resource nobody asked for.
   */
  Map<String, String> annotations() {
    Map<String, String> m = new LinkedHashMap<>();
    put(m, PeerPods.ANNOTATION_DEFAULT_VCPUS, cpus.setScale(0, RoundingMode.CEILING));
    put(m, PeerPods.ANNOTATION_DEFAULT_MEMORY, memoryBytes.divide(MIB, 0, RoundingMode.CEILING));
    put(m, PeerPods.ANNOTATION_DEFAULT_GPUS, gpus.setScale(0, RoundingMode.CEILING));
    return m;
  }

  private static void put(Map<String, String> m, String key, BigDecimal value) {
    if (value.signum() > 0) {
      m.put(key, value.toPlainString());
    }
  }

  private static BigDecimal total(
      String resource, List<Container> containers, List<Container> initContainers) {
    BigDecimal sidecars = BigDecimal.ZERO;
    BigDecimal initPeak = BigDecimal.ZERO;
    for (int i = 0; i < initContainers.size(); i++) {
      Container c = initContainers.get(i);
      BigDecimal asked = asked(c, resource, "spec.initContainers[" + i + "]");
      if (SIDECAR.equals(c.getRestartPolicy())) {
        sidecars = sidecars.add(asked);
      } else {
        initPeak = initPeak.max(sidecars.add(asked));
      }
    }
    BigDecimal running = sidecars;
    for (int i = 0; i < containers.size(); i++) {
      running = running.add(asked(containers.get(i), resource, "spec.containers[" + i + "]"));
    }
    return running.max(initPeak);
  }

  private static BigDecimal asked(Container c, String resource, String field) {
    ResourceRequirements r = c.getResources();
    if (r == null) {
      return BigDecimal.ZERO;
    }
    BigDecimal limit =
        Quantities.parse(get(r.getLimits(), resource), field + ".resources.limits." + resource);
    return limit.signum() > 0
        ? limit
        : Quantities.parse(
            get(r.getRequests(), resource), field + ".resources.requests." + resource);
  }

  private static Quantity get(Map<String, Quantity> m, String resource) {
    return m == null ? null : m.get(resource);
  }
}
