package dev.osc.caa.vm;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pods and service accounts the adaptor reads for every VM (the PeerPod's owner, the registry
 * credentials, whether a pod is alive), from informer caches: the pods of this node only (field
 * selector {@code spec.nodeName}, as the kubelet watches them) and all service accounts. Without
 * the caches a burst of 200 sandboxes read 400 pods and 200 service accounts from the API server.
 *
 * <p>A cache only ever saves a read, never decides alone: a pod the watch has not delivered yet
 * (created a moment ago, or of another node), an object being deleted, and any read while the watch
 * is down are answered by one GET. So behaviour never depends on watch lag. Secrets are never
 * cached here: that would hold every secret of the cluster in the adaptor's memory.
 */
public final class PodLookup implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PodLookup.class);

  private final KubernetesClient client;
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<ServiceAccount> accounts;

  private PodLookup(
      KubernetesClient client,
      SharedIndexInformer<Pod> pods,
      SharedIndexInformer<ServiceAccount> accounts) {
    this.client = client;
    this.pods = pods;
    this.accounts = accounts;
  }

  /** Every read a GET: for tools and tests that run no informers. */
  public static PodLookup direct(KubernetesClient client) {
    return new PodLookup(client, null, null);
  }

  /**
   * Starts the caches and returns once both hold what the API server listed. Where one cannot start
   * (RBAC without list and watch, say), says so and reads with GETs.
   */
  public static PodLookup cached(KubernetesClient client, String node) {
    var pods =
        start(
            client.pods().inAnyNamespace().withField("spec.nodeName", node).runnableInformer(0),
            "pods of node " + node);
    var accounts =
        start(client.serviceAccounts().inAnyNamespace().runnableInformer(0), "service accounts");
    return new PodLookup(client, pods, accounts);
  }

  private static <T> SharedIndexInformer<T> start(SharedIndexInformer<T> informer, String what) {
    try {
      informer.run();
      return informer;
    } catch (KubernetesClientException e) {
      informer.close();
      LOG.warn("cannot list and watch {} ({}): reading each with a GET", what, e.getMessage());
      return null;
    }
  }

  /** The pod, or null when there is none. */
  public Pod pod(String namespace, String name) {
    return read(
        pods, namespace, name, () -> client.pods().inNamespace(namespace).withName(name).get());
  }

  /** The service account, or null when there is none. */
  public ServiceAccount serviceAccount(String namespace, String name) {
    return read(
        accounts,
        namespace,
        name,
        () -> client.serviceAccounts().inNamespace(namespace).withName(name).get());
  }

  /**
   * Whether the pod of that name and uid exists and is not being deleted. Only "alive" is answered
   * from the cache: a VM is deleted for a pod found gone by a GET, never on a cache that lags.
   */
  public boolean alive(String namespace, String name, String uid) {
    Pod cached = cached(pods, namespace, name);
    return (cached != null && alive(cached, uid))
        || alive(client.pods().inNamespace(namespace).withName(name).get(), uid);
  }

  /** Pure: the pod is the one of that uid and not being deleted. */
  static boolean alive(Pod pod, String uid) {
    return pod != null
        && uid != null
        && uid.equals(pod.getMetadata().getUid())
        && pod.getMetadata().getDeletionTimestamp() == null;
  }

  private <T extends HasMetadata> T read(
      SharedIndexInformer<T> cache, String namespace, String name, Supplier<T> get) {
    T cached = cached(cache, namespace, name);
    return cached != null ? cached : get.get();
  }

  /** The cached object if it may stand for a GET, else null. */
  private static <T extends HasMetadata> T cached(
      SharedIndexInformer<T> cache, String namespace, String name) {
    if (cache == null) {
      return null;
    }
    T cached = cache.getStore().getByKey(namespace + "/" + name);
    return trusted(cached, cache.isWatching()) ? cached : null;
  }

  /**
   * Pure: whether a cached object may answer instead of a GET. Not while the watch is down (the
   * cache may miss changes), nor for an object being deleted: a pod of the same name may replace it
   * (a StatefulSet's), and its uid is the one that counts.
   */
  static boolean trusted(HasMetadata cached, boolean watching) {
    return cached != null && watching && cached.getMetadata().getDeletionTimestamp() == null;
  }

  @Override
  public void close() {
    if (pods != null) {
      pods.close();
    }
    if (accounts != null) {
      accounts.close();
    }
  }
}
