package dev.osc.operator.model;

import dev.osc.api.Names;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The runtime classes a KataConfig provides: kata always, kata-remote with peer pods. Pure. */
public final class RuntimeClassModel {
  private RuntimeClassModel() {}

  public static List<RuntimeClass> desired(boolean peerPods) {
    List<RuntimeClass> out = new ArrayList<>();
    out.add(runtimeClass(Names.RUNTIME_CLASS_KATA, Names.RUNTIME_CLASS_KATA_MEMORY_OVERHEAD));
    if (peerPods) {
      out.add(
          runtimeClass(
              Names.RUNTIME_CLASS_KATA_REMOTE, Names.RUNTIME_CLASS_KATA_REMOTE_MEMORY_OVERHEAD));
    }
    return out;
  }

  /** Every runtime class name this operator may create (what deletion must wait for). */
  public static final List<String> ALL =
      List.of(Names.RUNTIME_CLASS_KATA, Names.RUNTIME_CLASS_KATA_REMOTE);

  static RuntimeClass runtimeClass(String name, String memoryOverhead) {
    return new RuntimeClassBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withHandler(name)
        .withNewOverhead()
        .withPodFixed(
            Map.of(
                "cpu", new Quantity(Names.RUNTIME_CLASS_CPU_OVERHEAD),
                "memory", new Quantity(memoryOverhead)))
        .endOverhead()
        .withNewScheduling()
        .withNodeSelector(Map.of(Names.LABEL_ROLE_KATA_OC, ""))
        .endScheduling()
        .build();
  }
}
