package dev.osc.operator.k8s;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one object as desired, Strimzi's resource-operator shape: the desired object in (null: it
 * must not exist), what the informer cache holds compared through the kind's {@link Ownership}, and
 * a create, update or delete only on a real difference. Updates carry the resourceVersion compared
 * against; a conflict (someone wrote in between, or the cache was behind) is decided once more on
 * the object as the API server has it now.
 */
public final class Applier {
  private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

  public enum Outcome {
    UNCHANGED,
    CREATED,
    UPDATED,
    DELETED
  }

  enum Action {
    NONE,
    CREATE,
    UPDATE,
    DELETE
  }

  private final KubernetesClient client;
  private final Caches caches;

  public Applier(KubernetesClient client, Caches caches) {
    this.client = client;
    this.caches = caches;
  }

  public Caches caches() {
    return caches;
  }

  /** What to do, given the current object and the one to write over it (null: absent). */
  static <R extends HasMetadata> Action decide(R current, R merged, Ownership<R> ownership) {
    if (merged == null) {
      return current == null ? Action.NONE : Action.DELETE;
    }
    if (current == null) {
      return Action.CREATE;
    }
    return Objects.equals(ownership.owned(current), ownership.owned(merged))
        ? Action.NONE
        : Action.UPDATE;
  }

  /** Makes the object {@code name} (in {@code namespace} for namespaced kinds) {@code desired}. */
  public <R extends HasMetadata> Outcome apply(
      Kind<R> kind, String namespace, String name, R desired) {
    R current = caches.get(kind, namespace, name).orElse(null);
    return apply(kind, namespace, name, current, desired, true);
  }

  /** Deletes the object if the cache has it. */
  public <R extends HasMetadata> Outcome delete(Kind<R> kind, String namespace, String name) {
    return apply(kind, namespace, name, null);
  }

  private <R extends HasMetadata> Outcome apply(
      Kind<R> kind, String namespace, String name, R current, R desired, boolean again) {
    R merged =
        desired == null || current == null
            ? desired
            : kind.ownership().merge(client.getKubernetesSerialization().clone(current), desired);
    var api = kind.api(client, namespace);
    String what = kind.kindName() + " " + (kind.namespaced() ? namespace + "/" : "") + name;
    try {
      switch (decide(current, merged, kind.ownership())) {
        case NONE -> {
          return Outcome.UNCHANGED;
        }
        case CREATE -> {
          LOG.info("creating {}", what);
          caches.written(kind, api.resource(merged).create(), null);
          return Outcome.CREATED;
        }
        case UPDATE -> {
          LOG.info("updating {}", what);
          merged.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
          caches.written(kind, api.resource(merged).update(), current);
          return Outcome.UPDATED;
        }
        case DELETE -> {
          LOG.info("deleting {}", what);
          // In the background, as garbage collection does: a Job's pod goes with it.
          api.withName(name).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
          return Outcome.DELETED;
        }
        default -> throw new IllegalStateException();
      }
    } catch (KubernetesClientException e) {
      if (again
          && (e.getCode() == HttpURLConnection.HTTP_CONFLICT
              || e.getCode() == HttpURLConnection.HTTP_NOT_FOUND)) {
        // The cache was behind the API server: decide again on the object as it is now.
        return apply(kind, namespace, name, api.withName(name).get(), desired, false);
      }
      throw e;
    }
  }
}
