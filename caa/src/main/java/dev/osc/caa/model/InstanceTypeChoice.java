package dev.osc.caa.model;

import dev.osc.caa.cloud.InstanceType;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Picks the instance type for a pod VM. Pure.
 *
 * <ol>
 *   <li>The type the pod named ({@code machine_type}), if allowed.
 *   <li>Else, when vCPUs, memory or GPUs are asked for (any one of them), the smallest allowed type
 *       that fits: types ordered by GPUs, memory, vCPUs, and every one checked. Without GPUs asked
 *       for, GPU types are not considered.
 *   <li>Else the default type.
 * </ol>
 *
 * <p>Upstream differs in two ways we consider bugs: it sizes only when both vCPUs and memory are
 * given, and it binary-searches a list that is not ordered by the predicate, so it misses fitting
 * types (e.g. allowed (8 vCPU, 4 GiB), (2, 8), (2, 16) and a request of 4 vCPU / 4 GiB finds
 * nothing; here it is the first).
 */
public final class InstanceTypeChoice {
  private InstanceTypeChoice() {}

  /**
   * @param allowed the sizes of the allowed types (PODVM_INSTANCE_TYPES, or just the default)
   * @param defaultType PODVM_INSTANCE_TYPE
   */
  public static String choose(
      SandboxRequest request, List<InstanceType> allowed, String defaultType) {
    List<String> names = allowed.stream().map(InstanceType::name).toList();
    if (request.machineType() != null) {
      if (!names.contains(request.machineType()) && !request.machineType().equals(defaultType)) {
        throw new IllegalArgumentException(
            "instance type \""
                + request.machineType()
                + "\" (annotation "
                + SandboxRequest.MACHINE_TYPE
                + ") is not allowed; allowed: "
                + describe(allowed));
      }
      return request.machineType();
    }
    if (request.vcpus() == 0 && request.memoryMiB() == 0 && request.gpus() == 0) {
      return defaultType;
    }
    return smallestFitting(request, allowed)
        .map(InstanceType::name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no allowed instance type has "
                        + asked(request)
                        + "; allowed: "
                        + describe(allowed)));
  }

  static Optional<InstanceType> smallestFitting(SandboxRequest r, List<InstanceType> allowed) {
    return allowed.stream()
        .filter(t -> r.gpus() > 0 || t.gpus() == 0)
        .filter(
            t -> t.gpus() >= r.gpus() && t.memoryMiB() >= r.memoryMiB() && t.vcpus() >= r.vcpus())
        .min(
            Comparator.comparingLong(InstanceType::gpus)
                .thenComparingLong(InstanceType::memoryMiB)
                .thenComparingLong(InstanceType::vcpus));
  }

  private static String asked(SandboxRequest r) {
    return r.vcpus() + " vCPUs, " + r.memoryMiB() + " MiB memory and " + r.gpus() + " GPUs";
  }

  private static String describe(List<InstanceType> allowed) {
    return allowed.stream()
        .map(
            t ->
                t.name()
                    + " ("
                    + t.vcpus()
                    + " vCPUs, "
                    + t.memoryMiB()
                    + " MiB"
                    + (t.gpus() > 0 ? ", " + t.gpus() + " GPUs" : "")
                    + ")")
        .collect(Collectors.joining(", "));
  }
}
