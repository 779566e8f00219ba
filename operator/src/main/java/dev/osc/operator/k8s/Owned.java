package dev.osc.operator.k8s;

import dev.osc.api.Names;
import dev.osc.api.v1.KataConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.HashMap;
import java.util.Map;

/** Marks objects the operator creates: the managed-by label and, where allowed, an owner. */
public final class Owned {
  private Owned() {}

  public static <T extends HasMetadata> T label(T obj, KataConfig kc) {
    Map<String, String> labels =
        obj.getMetadata().getLabels() == null
            ? new HashMap<>()
            : new HashMap<>(obj.getMetadata().getLabels());
    labels.put(Names.LABEL_MANAGED_BY, Names.MANAGED_BY_VALUE);
    labels.put(Names.LABEL_APP, kc.getMetadata().getName());
    obj.getMetadata().setLabels(labels);
    return obj;
  }

  /** Cluster-scoped objects may be owned by the cluster-scoped KataConfig (garbage collection). */
  public static <T extends HasMetadata> T ownedBy(T obj, KataConfig kc) {
    label(obj, kc);
    OwnerReference ref =
        new OwnerReferenceBuilder()
            .withApiVersion(kc.getApiVersion())
            .withKind(kc.getKind())
            .withName(kc.getMetadata().getName())
            .withUid(kc.getMetadata().getUid())
            .build();
    obj.getMetadata().setOwnerReferences(java.util.List.of(ref));
    return obj;
  }
}
