package dev.osc.operator.k8s;

import dev.osc.api.v1.KataConfig;
import dev.osc.operator.model.RuntimeClassModel;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import java.util.ArrayList;
import java.util.List;

/** Creates, corrects and deletes the operator's RuntimeClasses. */
public final class RuntimeClasses {
  /**
   * All RuntimeClasses are cached (a cluster has few): one named like ours but made by someone else
   * is corrected, as it always was. Overhead and scheduling are ours; labels and owners of an
   * existing class are kept.
   */
  public static final Kind<RuntimeClass> KIND =
      Kind.cluster(
          "RuntimeClass",
          RuntimeClass.class,
          null,
          new Ownership<>() {
            @Override
            public Object owned(RuntimeClass rc) {
              return java.util.Arrays.asList(rc.getOverhead(), rc.getScheduling());
            }

            @Override
            public RuntimeClass merge(RuntimeClass current, RuntimeClass desired) {
              current.setOverhead(desired.getOverhead());
              current.setScheduling(desired.getScheduling());
              return current;
            }
          });

  private final Applier applier;

  public RuntimeClasses(Applier applier) {
    this.applier = applier;
  }

  /** Makes exactly the desired classes exist; returns their names. */
  public List<String> ensure(KataConfig kc, boolean peerPods) {
    List<String> names = new ArrayList<>();
    for (RuntimeClass want : RuntimeClassModel.desired(peerPods)) {
      String name = want.getMetadata().getName();
      names.add(name);
      applier.apply(KIND, null, name, Owned.ownedBy(want, kc));
    }
    for (String name : RuntimeClassModel.ALL) {
      if (!names.contains(name)) {
        applier.delete(KIND, null, name);
      }
    }
    return names;
  }

  public void deleteAll() {
    RuntimeClassModel.ALL.forEach(name -> applier.delete(KIND, null, name));
  }

  /** The operator's runtime classes that exist now. */
  public List<String> existing() {
    return RuntimeClassModel.ALL.stream()
        .filter(n -> applier.caches().get(KIND, null, n).isPresent())
        .toList();
  }
}
