package dev.osc.caa.model;

import java.util.Map;

/**
 * What the Kata shim asks for in CreateVM, read from the sandbox annotations it always sends (empty
 * or "0" when unset).
 *
 * @param vcpus 0 when not asked for
 * @param memoryMiB 0 when not asked for
 * @param machineType the instance type the pod named, or null
 * @param image the pod VM image the pod named (AMI id, libvirt volume), or null
 * @param initdata the raw initdata document (TOML), or null
 */
public record SandboxRequest(
    String sandboxId,
    String podName,
    String podNamespace,
    String machineType,
    long vcpus,
    long memoryMiB,
    long gpus,
    String image,
    String initdata) {

  public static final String SANDBOX_NAME = "io.kubernetes.cri.sandbox-name";
  public static final String SANDBOX_NAMESPACE = "io.kubernetes.cri.sandbox-namespace";
  public static final String MACHINE_TYPE = "io.katacontainers.config.hypervisor.machine_type";
  public static final String IMAGE = "io.katacontainers.config.hypervisor.image";
  public static final String DEFAULT_VCPUS = "io.katacontainers.config.hypervisor.default_vcpus";
  public static final String DEFAULT_MEMORY = "io.katacontainers.config.hypervisor.default_memory";
  public static final String DEFAULT_GPUS = "io.katacontainers.config.hypervisor.default_gpus";
  public static final String INITDATA = "io.katacontainers.config.hypervisor.cc_init_data";

  /** CRI-O's form of the sandbox name: {@code k8s_<pod>_<namespace>_<uid>_<attempt>}. */
  private static final String CRIO_PREFIX = "k8s_";

  /**
   * Reads the request; a missing sandbox id, pod name or namespace is an error naming it, and a
   * size that is not a non-negative whole number is an error naming the annotation.
   */
  public static SandboxRequest parse(String sandboxId, Map<String, String> annotations) {
    if (sandboxId == null || sandboxId.isBlank()) {
      throw new IllegalArgumentException("CreateVM: the sandbox id is empty");
    }
    String name = text(annotations, SANDBOX_NAME);
    String namespace = text(annotations, SANDBOX_NAMESPACE);
    if (name != null && name.startsWith(CRIO_PREFIX)) {
      String[] parts = name.substring(CRIO_PREFIX.length()).split("_", -1);
      if (parts.length >= 2) {
        name = parts[0];
        namespace = namespace == null ? parts[1] : namespace;
      }
    }
    if (name == null) {
      throw new IllegalArgumentException("CreateVM: annotation " + SANDBOX_NAME + " is empty");
    }
    if (namespace == null) {
      throw new IllegalArgumentException("CreateVM: annotation " + SANDBOX_NAMESPACE + " is empty");
    }
    return new SandboxRequest(
        sandboxId,
        name,
        namespace,
        text(annotations, MACHINE_TYPE),
        count(annotations, DEFAULT_VCPUS),
        count(annotations, DEFAULT_MEMORY),
        count(annotations, DEFAULT_GPUS),
        text(annotations, IMAGE),
        text(annotations, INITDATA));
  }

  private static String text(Map<String, String> annotations, String key) {
    String v = annotations.get(key);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static long count(Map<String, String> annotations, String key) {
    String v = text(annotations, key);
    if (v == null) {
      return 0;
    }
    try {
      long n = Long.parseLong(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "annotation " + key + ": \"" + v + "\" is not a non-negative whole number");
    }
  }
}
