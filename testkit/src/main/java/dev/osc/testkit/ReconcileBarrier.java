package dev.osc.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells when the operator has finished a reconcile pass, so a test that asserts "nothing changed"
 * waits for the pass that would have changed it instead of sleeping. Given to the operator as its
 * JOSDK {@link Metrics}. JOSDK never runs two passes of one resource at once, so a pass that ends
 * is the last one that started.
 */
public final class ReconcileBarrier implements Metrics {
  private final Map<String, Long> started = new HashMap<>();
  private final Map<String, Long> finished = new HashMap<>();

  /** Passes of the resource named {@code name} started so far. */
  public synchronized long started(String name) {
    return started.getOrDefault(name, 0L);
  }

  /** Waits until a pass of {@code name} that starts after this call has ended. */
  public void awaitNextPass(String name, Duration timeout) {
    awaitPasses(name, started(name) + 1, timeout);
  }

  /** Waits until {@code passes} passes of {@code name} have ended (succeeded or failed). */
  public void awaitPasses(String name, long passes, Duration timeout) {
    Await.until(
        timeout,
        passes + " reconcile passes of " + name + " ended",
        () -> {
          synchronized (this) {
            return finished.getOrDefault(name, 0L) >= passes;
          }
        });
  }

  @Override
  public synchronized void reconcileCustomResource(
      HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    started.merge(resource.getMetadata().getName(), 1L, Long::sum);
  }

  @Override
  public synchronized void finishedReconciliation(
      HasMetadata resource, Map<String, Object> metadata) {
    ended(resource);
  }

  @Override
  public synchronized void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    ended(resource);
  }

  private void ended(HasMetadata resource) {
    String name = resource.getMetadata().getName();
    finished.put(name, started(name));
  }
}
