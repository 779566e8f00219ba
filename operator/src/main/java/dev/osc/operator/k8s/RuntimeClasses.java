package dev.osc.operator.k8s;

import dev.osc.api.v1.KataConfig;
import dev.osc.operator.model.RuntimeClassModel;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates, corrects and deletes the operator's RuntimeClasses. */
public final class RuntimeClasses {
  private static final Logger LOG = LoggerFactory.getLogger(RuntimeClasses.class);
  private final KubernetesClient client;

  public RuntimeClasses(KubernetesClient client) {
    this.client = client;
  }

  /** Makes exactly the desired classes exist; returns their names. */
  public List<String> ensure(KataConfig kc, boolean peerPods) {
    List<String> names = new ArrayList<>();
    List<RuntimeClass> desired = RuntimeClassModel.desired(peerPods);
    for (RuntimeClass want : desired) {
      String name = want.getMetadata().getName();
      names.add(name);
      RuntimeClass have = client.resources(RuntimeClass.class).withName(name).get();
      if (have == null) {
        LOG.info("creating RuntimeClass {}", name);
        client.resource(Owned.ownedBy(want, kc)).create();
      } else if (!Objects.equals(have.getOverhead(), want.getOverhead())
          || !Objects.equals(have.getScheduling(), want.getScheduling())) {
        LOG.info("correcting RuntimeClass {}", name);
        have.setOverhead(want.getOverhead());
        have.setScheduling(want.getScheduling());
        client.resource(have).update();
      }
    }
    for (String name : RuntimeClassModel.ALL) {
      if (!names.contains(name)) {
        delete(name);
      }
    }
    return names;
  }

  public void deleteAll() {
    RuntimeClassModel.ALL.forEach(this::delete);
  }

  /** The operator's runtime classes that exist now. */
  public List<String> existing() {
    return RuntimeClassModel.ALL.stream()
        .filter(n -> client.resources(RuntimeClass.class).withName(n).get() != null)
        .toList();
  }

  private void delete(String name) {
    if (client.resources(RuntimeClass.class).withName(name).get() != null) {
      LOG.info("deleting RuntimeClass {}", name);
      client.resources(RuntimeClass.class).withName(name).delete();
    }
  }
}
