package dev.osc.operator.peerpods;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenShift: the SecurityContextConstraints {@code osc-caa} that the cloud-api-adaptor DaemonSet
 * needs, and no more. Its pods are privileged (they make network namespaces and tunnels on the
 * host), run as root on the host network, and mount host paths ({@code /run/peerpod}, {@code
 * /run/netns}), Secrets and the projected service account token; no host PID or IPC, no host ports,
 * no other volume types. Granted by RBAC ({@code use}) to service account {@code osc-caa} only
 * (deploy/02-rbac.yaml); the webhook runs under OpenShift's own {@code restricted-v2}, the image
 * Jobs (uid 1001) under {@code nonroot-v2}. Pure.
 */
public final class SccModel {
  private SccModel() {}

  public static final String GROUP = "security.openshift.io";
  public static final String CRD = "securitycontextconstraints." + GROUP;
  public static final String CAA = "osc-caa";

  public static GenericKubernetesResource caa() {
    GenericKubernetesResource scc = new GenericKubernetesResource();
    scc.setApiVersion(GROUP + "/v1");
    scc.setKind("SecurityContextConstraints");
    scc.setMetadata(
        new ObjectMetaBuilder()
            .withName(CAA)
            .withLabels(Map.of("app.kubernetes.io/managed-by", "sandboxed-containers-operator"))
            .withAnnotations(
                Map.of(
                    "kubernetes.io/description",
                    "osc-caa-ds: the peer pods cloud-api-adaptor (privileged, host network,"
                        + " host paths /run/peerpod and /run/netns)"))
            .build());
    scc.setAdditionalProperties(fields());
    return scc;
  }

  /** The SCC's own fields (they sit at the top level of the object, not under a spec). */
  public static Map<String, Object> fields() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("allowPrivilegedContainer", true);
    f.put("allowPrivilegeEscalation", true);
    f.put("allowHostNetwork", true);
    f.put("allowHostDirVolumePlugin", true);
    f.put("allowHostPID", false);
    f.put("allowHostIPC", false);
    f.put("allowHostPorts", false);
    f.put("readOnlyRootFilesystem", false);
    f.put("runAsUser", Map.of("type", "RunAsAny"));
    f.put("seLinuxContext", Map.of("type", "RunAsAny"));
    f.put("fsGroup", Map.of("type", "RunAsAny"));
    f.put("supplementalGroups", Map.of("type", "RunAsAny"));
    f.put("volumes", List.of("hostPath", "projected", "secret"));
    f.put("users", List.of());
    f.put("groups", List.of());
    return f;
  }
}
