package dev.osc.testkit;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What an adaptor needs of a cluster to make a peer pod's VM: our CRDs, the namespace {@code
 * kube-system} (its uid tags the cluster's VMs) and the pod, in its namespace, with the uid {@code
 * uid-<pod>} that its PeerPod is owned by.
 */
public final class PeerPodCluster {
  private PeerPodCluster() {}

  public static KubernetesClient withPod(KubernetesClient client, String namespace, String pod) {
    Crds.installOurs(client);
    for (String ns : new String[] {"kube-system", namespace}) {
      if (client.namespaces().withName(ns).get() == null) {
        client
            .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
            .create();
      }
    }
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(pod)
                .withNamespace(namespace)
                .withUid("uid-" + pod)
                .endMetadata()
                .build())
        .create();
    return client;
  }
}
