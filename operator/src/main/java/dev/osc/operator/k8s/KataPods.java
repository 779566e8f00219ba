package dev.osc.operator.k8s;

import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Collection;
import java.util.Optional;

/** Finds pods that still use one of our runtime classes (they block KataConfig deletion). */
public final class KataPods {
  private final KubernetesClient client;

  public KataPods(KubernetesClient client) {
    this.client = client;
  }

  /** The runtime class of the first live pod using one of {@code classes}, if any. */
  public Optional<String> firstRuntimeClassInUse(Collection<String> classes) {
    String cont = null;
    do {
      ListOptions opts = new ListOptionsBuilder().withLimit(500L).withContinue(cont).build();
      PodList page = client.pods().inAnyNamespace().list(opts);
      for (Pod pod : page.getItems()) {
        String rc = pod.getSpec() == null ? null : pod.getSpec().getRuntimeClassName();
        if (rc != null && classes.contains(rc) && !finished(pod)) {
          return Optional.of(rc);
        }
      }
      cont = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (cont != null && !cont.isEmpty());
    return Optional.empty();
  }

  private static boolean finished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
