package dev.osc.operator.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Which parts of an object the operator owns. The {@link Applier} writes only when those parts
 * differ, and builds what it writes from {@link #merge} so that fields others own (a caBundle
 * cert-manager injected, the pool configuration the MachineConfig operator renders, API-server
 * defaults) are carried over instead of cleared.
 */
public interface Ownership<R extends HasMetadata> {
  /** The owned parts; two objects whose owned parts are equal need no write. */
  Object owned(R object);

  /**
   * The object to write over {@code current} (a copy, free to change): by default the desired
   * object as it is, replacing everything.
   */
  default R merge(R current, R desired) {
    return desired;
  }
}
