package dev.osc.operator.k8s;

import dev.osc.api.Names;
import dev.osc.api.PeerPods;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.v1.KataConfig;
import dev.osc.api.peerpods.PeerPodLimit;
import dev.osc.api.v1alpha1.PeerPodConfig;
import dev.osc.api.v1alpha1.PeerPodConfigSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's PeerPodConfig, {@code peerpodconfig-openshift}: created with the limit from
 * peer-pods-cm (PEERPODS_LIMIT_PER_NODE, default 10) and then left to the administrator, who
 * changes {@code spec.limit} with {@code oc patch}; only the node selector follows the kata nodes.
 */
public final class PeerPodConfigs {
  private static final Logger LOG = LoggerFactory.getLogger(PeerPodConfigs.class);

  private final KubernetesClient client;
  private final String namespace;

  public PeerPodConfigs(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public void ensure(KataConfig kc) {
    Map<String, String> selector = Map.of(Names.LABEL_ROLE_KATA_OC, "");
    var resource = client.resources(PeerPodConfig.class).inNamespace(namespace)
        .withName(PeerPods.PEERPODCONFIG_NAME);
    PeerPodConfig existing = resource.get();
    if (existing == null) {
      PeerPodConfig ppc = new PeerPodConfig();
      ppc.setMetadata(new ObjectMetaBuilder().withName(PeerPods.PEERPODCONFIG_NAME)
          .withNamespace(namespace).build());
      PeerPodConfigSpec spec = new PeerPodConfigSpec();
      spec.setLimit(initialLimit());
      spec.setNodeSelector(selector);
      spec.setCloudSecretName(PeerPodsKeys.SECRET);
      spec.setConfigMapName(PeerPodsKeys.CONFIG_MAP);
      ppc.setSpec(spec);
      LOG.info("creating PeerPodConfig {}/{} with limit {}", namespace,
          PeerPods.PEERPODCONFIG_NAME, spec.getLimit());
      client.resource(Owned.label(ppc, kc)).create();
    } else if (!selector.equals(existing.getSpec().getNodeSelector())) {
      resource.edit(p -> {
        p.getSpec().setNodeSelector(selector);
        return p;
      });
    }
  }

  public void delete() {
    var resource = client.resources(PeerPodConfig.class).inNamespace(namespace)
        .withName(PeerPods.PEERPODCONFIG_NAME);
    if (resource.get() != null) {
      LOG.info("deleting PeerPodConfig {}/{}", namespace, PeerPods.PEERPODCONFIG_NAME);
      resource.delete();
    }
  }

  private String initialLimit() {
    ConfigMap cm = client.configMaps().inNamespace(namespace).withName(PeerPodsKeys.CONFIG_MAP).get();
    String limit = cm == null || cm.getData() == null ? null : cm.getData().get(PeerPodsKeys.PEERPODS_LIMIT_PER_NODE.name());
    return limit == null || limit.isBlank() ? Integer.toString(PeerPodLimit.DEFAULT.value()) : limit.trim();
  }
}
