package dev.osc.webhook;

import dev.osc.api.PeerPods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The peer-pods pod mutation. A pod of the target runtime class runs in its own cloud VM, not on
 * the node: its containers' requests and limits would make the scheduler reserve node capacity it
 * never uses, so they are removed; what they asked for becomes the VM size (kata annotations); and
 * the first container takes one VM extended resource, whose node capacity is the per-node VM limit.
 * Pure.
 */
public final class PodMutator {
  private final String targetRuntimeClass;
  private final String vmResource;

  public PodMutator(String targetRuntimeClass, String vmResource) {
    this.targetRuntimeClass = targetRuntimeClass;
    this.vmResource = vmResource;
  }

  /**
   * Configured as upstream's webhook Deployment: {@code TARGET_RUNTIMECLASS} (or the IBM Z guide's
   * {@code TARGET_RUNTIME_CLASS}) and {@code POD_VM_EXTENDED_RESOURCE}.
   */
  public static PodMutator fromEnv(Map<String, String> env) {
    String target =
        orElse(
            env.get(PeerPods.ENV_TARGET_RUNTIMECLASS),
            orElse(
                env.get(PeerPods.ENV_TARGET_RUNTIME_CLASS), PeerPods.DEFAULT_TARGET_RUNTIMECLASS));
    String vm =
        orElse(
            env.get(PeerPods.ENV_POD_VM_EXTENDED_RESOURCE),
            PeerPods.DEFAULT_POD_VM_EXTENDED_RESOURCE);
    return new PodMutator(target, vm);
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  public String targetRuntimeClass() {
    return targetRuntimeClass;
  }

  public String vmResource() {
    return vmResource;
  }

  /**
   * The JSON Patch for a pod being admitted; empty when it needs none, which is also the case for a
   * pod this has already mutated (the API server may call again).
   *
   * @throws BadAdmissionRequest on a resource quantity or container list the API server could not
   *     have sent
   */
  public List<PatchOp> mutate(String operation, Pod pod) {
    // Creation only: a pod's resources cannot change later, so patching the UPDATE of a pod
    // admitted before the webhook existed would make the API server refuse that update.
    if (!"CREATE".equals(operation)
        || pod.getSpec() == null
        || !targetRuntimeClass.equals(pod.getSpec().getRuntimeClassName())) {
      return List.of();
    }
    List<Container> containers = present(pod.getSpec().getContainers(), "spec.containers");
    List<Container> inits = present(pod.getSpec().getInitContainers(), "spec.initContainers");
    List<PatchOp> ops =
        new ArrayList<>(annotate(pod.getMetadata(), PodVmSize.of(containers, inits).annotations()));
    for (int i = 0; i < inits.size(); i++) {
      ops.addAll(strip(inits.get(i).getResources(), "/spec/initContainers/" + i));
    }
    for (int i = 0; i < containers.size(); i++) {
      String path = "/spec/containers/" + i;
      ops.addAll(
          i == 0
              ? claimVm(containers.get(0).getResources(), path)
              : strip(containers.get(i).getResources(), path));
    }
    return ops;
  }

  /** The size annotations the pod has not set itself (its own values win). */
  private static List<PatchOp> annotate(ObjectMeta meta, Map<String, String> size) {
    Map<String, String> existing =
        meta == null || meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    Map<String, String> missing = new LinkedHashMap<>(size);
    missing.keySet().removeAll(existing.keySet());
    if (missing.isEmpty()) {
      return List.of();
    }
    if (meta == null) {
      return List.of(PatchOp.add("/metadata", Map.of("annotations", missing)));
    }
    // The model cannot tell an absent map from an empty one: set the whole map then.
    if (existing.isEmpty()) {
      return List.of(PatchOp.add("/metadata/annotations", missing));
    }
    return missing.entrySet().stream()
        .map(e -> PatchOp.add("/metadata/annotations/" + PatchOp.segment(e.getKey()), e.getValue()))
        .toList();
  }

  /** Removes requests and limits (non-empty, so present); keeps resource claims. */
  private static List<PatchOp> strip(ResourceRequirements r, String container) {
    List<PatchOp> ops = new ArrayList<>();
    if (r != null && r.getRequests() != null && !r.getRequests().isEmpty()) {
      ops.add(PatchOp.remove(container + "/resources/requests"));
    }
    if (r != null && r.getLimits() != null && !r.getLimits().isEmpty()) {
      ops.add(PatchOp.remove(container + "/resources/limits"));
    }
    return ops;
  }

  /** Requests and limits of the first container become exactly one VM. */
  private List<PatchOp> claimVm(ResourceRequirements r, String container) {
    Map<String, String> vm = Map.of(vmResource, PeerPods.POD_VM_COUNT);
    if (r == null) {
      return List.of(PatchOp.add(container + "/resources", Map.of("requests", vm, "limits", vm)));
    }
    List<PatchOp> ops = new ArrayList<>();
    if (!isOneVm(r.getRequests())) {
      ops.add(PatchOp.add(container + "/resources/requests", vm));
    }
    if (!isOneVm(r.getLimits())) {
      ops.add(PatchOp.add(container + "/resources/limits", vm));
    }
    return ops;
  }

  private boolean isOneVm(Map<String, Quantity> m) {
    return m != null
        && m.size() == 1
        && PeerPods.POD_VM_COUNT.equals(String.valueOf(m.get(vmResource)));
  }

  private static List<Container> present(List<Container> list, String field) {
    if (list == null) {
      return List.of();
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        throw new BadAdmissionRequest(field + "[" + i + "]: must be an object, not null");
      }
    }
    return list;
  }
}
