package dev.osc.testkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A controller stand-in that looks at the cluster every 20 ms and acts, like a level-triggered
 * controller; nodes can be scripted to fail until healed. API errors (for example a conflict with
 * the operator's writes) just wait for the next tick, as a real controller's requeue does.
 */
abstract class TickingSimulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TickingSimulator.class);

  private final String name;

  /** After close, a tick cut short by the interrupt is expected, not worth a warning. */
  private volatile boolean closed;

  private final ScheduledExecutorService loop;

  /** Node name to the error its next installation ends with. */
  protected final Map<String, String> scriptedFailures = new ConcurrentHashMap<>();

  TickingSimulator(String name) {
    this.name = name;
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
  }

  /** One look at the cluster; called on the simulator's own thread. */
  abstract void tick();

  final void startTicking() {
    // safeTick catches what a tick throws; the loop ends with its executor
    var unused = loop.scheduleWithFixedDelay(this::safeTick, 0, 20, TimeUnit.MILLISECONDS);
  }

  /** The node's next installation fails with this message, until {@link #heal}. */
  public void failNode(String node, String message) {
    scriptedFailures.put(node, message);
  }

  public void heal(String node) {
    scriptedFailures.remove(node);
  }

  @Override
  public void close() {
    closed = true;
    loop.shutdownNow();
    try {
      // Let a tick in flight finish before the API it talks to goes away.
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.warn("{} tick failed: {}", name, e.getMessage());
      }
    }
  }
}
