package dev.osc.caa.vm;

import dev.osc.caa.model.RegistryAuth;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry credentials of a pod, as docs 3.6 configure them: the pod's {@code
 * imagePullSecrets}, then those linked to its service account ({@code oc secrets link default
 * pull-secret --for=pull}). A missing secret is skipped, as the kubelet skips it.
 */
public final class PullSecrets implements VmAccess.RegistryCredentials {
  private final KubernetesClient client;
  private final PodLookup lookup;

  /** Reads the pod and its service account with GETs. */
  public PullSecrets(KubernetesClient client) {
    this(client, PodLookup.direct(client));
  }

  public PullSecrets(KubernetesClient client, PodLookup lookup) {
    this.client = client;
    this.lookup = lookup;
  }

  /** {@code {"auths":{...}}} for the pod's VM, or null when it has no registry credentials. */
  @Override
  public String authJson(String namespace, String podName) {
    Pod pod = lookup.pod(namespace, podName);
    if (pod == null || pod.getSpec() == null) {
      return null;
    }
    Set<String> names = new LinkedHashSet<>();
    names(pod.getSpec().getImagePullSecrets(), names);
    String account =
        pod.getSpec().getServiceAccountName() == null
            ? "default"
            : pod.getSpec().getServiceAccountName();
    ServiceAccount sa = lookup.serviceAccount(namespace, account);
    if (sa != null) {
      names(sa.getImagePullSecrets(), names);
    }
    List<Map<String, String>> secrets = new ArrayList<>();
    // Only the secrets named, each read when needed: a cache of secrets would hold every secret of
    // the cluster in the adaptor's memory.
    for (String name : names) {
      Secret s = client.secrets().inNamespace(namespace).withName(name).get();
      if (s != null && s.getData() != null) {
        secrets.add(s.getData());
      }
    }
    return RegistryAuth.merge(secrets);
  }

  private static void names(List<LocalObjectReference> refs, Set<String> into) {
    if (refs != null) {
      refs.stream().map(LocalObjectReference::getName).forEach(into::add);
    }
  }
}
