package dev.osc.operator.k8s;

import dev.osc.api.Names;
import dev.osc.api.PeerPods;
import dev.osc.api.peerpods.PeerPodLimit;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1alpha1.PeerPodConfig;
import dev.osc.api.v1alpha1.PeerPodConfigSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;

/**
 * The operator's PeerPodConfig, {@code peerpodconfig-openshift}: created with the limit from
 * peer-pods-cm (PEERPODS_LIMIT_PER_NODE, default 10) and then left to the administrator, who
 * changes {@code spec.limit} with {@code oc patch}; only the node selector follows the kata nodes.
 */
public final class PeerPodConfigs {
  /** Ours is only the node selector; everything else is the administrator's once created. */
  public static final Kind<PeerPodConfig> KIND =
      Kind.namespaced(
          "PeerPodConfig",
          PeerPodConfig.class,
          null,
          new Ownership<>() {
            @Override
            public Object owned(PeerPodConfig ppc) {
              return ppc.getSpec() == null ? Map.of() : ppc.getSpec().getNodeSelector();
            }

            @Override
            public PeerPodConfig merge(PeerPodConfig current, PeerPodConfig desired) {
              current.getSpec().setNodeSelector(desired.getSpec().getNodeSelector());
              return current;
            }
          });

  private final Applier applier;
  private final String namespace;

  public PeerPodConfigs(Applier applier, String namespace) {
    this.applier = applier;
    this.namespace = namespace;
  }

  /**
   * @param cm peer-pods-cm, for the limit a new PeerPodConfig starts with
   */
  public void ensure(KataConfig kc, ConfigMap cm) {
    PeerPodConfig ppc = new PeerPodConfig();
    ppc.setMetadata(
        new ObjectMetaBuilder()
            .withName(PeerPods.PEERPODCONFIG_NAME)
            .withNamespace(namespace)
            .build());
    PeerPodConfigSpec spec = new PeerPodConfigSpec();
    spec.setLimit(initialLimit(cm));
    spec.setNodeSelector(Map.of(Names.LABEL_ROLE_KATA_OC, ""));
    spec.setCloudSecretName(PeerPodsKeys.SECRET);
    spec.setConfigMapName(PeerPodsKeys.CONFIG_MAP);
    ppc.setSpec(spec);
    applier.apply(KIND, namespace, PeerPods.PEERPODCONFIG_NAME, Owned.label(ppc, kc));
  }

  public void delete() {
    applier.delete(KIND, namespace, PeerPods.PEERPODCONFIG_NAME);
  }

  private static String initialLimit(ConfigMap cm) {
    String limit =
        cm == null || cm.getData() == null
            ? null
            : cm.getData().get(PeerPodsKeys.PEERPODS_LIMIT_PER_NODE.name());
    return limit == null || limit.isBlank()
        ? Integer.toString(PeerPodLimit.DEFAULT.value())
        : limit.trim();
  }
}
