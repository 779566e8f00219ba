package dev.osc.operator.k8s;

import dev.osc.operator.peerpods.SccModel;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the cluster serves SecurityContextConstraints (OpenShift), makes {@link SccModel#caa()}
 * exist as it is desired, once when the operator starts: the DaemonSet's pods are admitted only
 * through it, whatever the KataConfig, and it grants nothing by itself (RBAC {@code use} does).
 * Elsewhere nothing is sent but the one CRD read.
 */
public final class OpenShiftSecurity {
  private static final Logger LOG = LoggerFactory.getLogger(OpenShiftSecurity.class);

  private OpenShiftSecurity() {}

  public static boolean served(KubernetesClient client) {
    return client.apiextensions().v1().customResourceDefinitions().withName(SccModel.CRD).get()
        != null;
  }

  /** Creates or corrects the SCC; returns whether it wrote. */
  public static boolean ensure(KubernetesClient client) {
    if (!served(client)) {
      return false;
    }
    GenericKubernetesResource desired = SccModel.caa();
    var resource =
        client
            .genericKubernetesResources(desired.getApiVersion(), desired.getKind())
            .withName(SccModel.CAA);
    GenericKubernetesResource current = resource.get();
    if (current == null) {
      client.resource(desired).create();
      LOG.info("created SecurityContextConstraints {}", SccModel.CAA);
      return true;
    }
    if (differs(current.getAdditionalProperties(), SccModel.fields())) {
      current.getAdditionalProperties().putAll(SccModel.fields());
      client.resource(current).update();
      LOG.info("corrected SecurityContextConstraints {}", SccModel.CAA);
      return true;
    }
    return false;
  }

  private static boolean differs(Map<String, Object> current, Map<String, Object> desired) {
    return desired.entrySet().stream()
        .anyMatch(
            e ->
                !Objects.equals(
                    String.valueOf(current.get(e.getKey())), String.valueOf(e.getValue())));
  }
}
