package dev.osc.testkit;

import dev.osc.api.Names;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.UUID;

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

  /**
   * Creates a pod of runtime class kata-remote with one container, as a user's peer pod; its uid is
   * random (the mock API keeps it, a real API server gives its own).
   */
  public static Pod kataRemotePod(KubernetesClient client, String namespace, String name) {
    return kataRemotePod(client, namespace, name, null);
  }

  /**
   * {@link #kataRemotePod(KubernetesClient, String, String)} scheduled to {@code node}: the
   * scheduler sets {@code spec.nodeName} before the node's kubelet starts the pod (and its shim
   * calls CreateVM); null leaves it unscheduled.
   */
  public static Pod kataRemotePod(
      KubernetesClient client, String namespace, String name, String node) {
    return client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withUid(UUID.randomUUID().toString())
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .withRuntimeClassName(Names.RUNTIME_CLASS_KATA_REMOTE)
                .addNewContainer()
                .withName("c")
                .withImage("nginx")
                .endContainer()
                .endSpec()
                .build())
        .create();
  }
}
