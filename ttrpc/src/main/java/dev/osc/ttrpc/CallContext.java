package dev.osc.ttrpc;

import java.time.Duration;
import java.util.Optional;

/** What a handler knows about the call it serves. */
public final class CallContext {
  private final String service;
  private final String method;
  private final Metadata metadata;
  private final long deadlineNanos; // System.nanoTime() based; meaningful only if hasDeadline
  private final boolean hasDeadline;
  private volatile boolean cancelled;

  CallContext(String service, String method, Metadata metadata, long timeoutNanos) {
    this.service = service;
    this.method = method;
    this.metadata = metadata;
    this.hasDeadline = timeoutNanos > 0;
    this.deadlineNanos = System.nanoTime() + timeoutNanos;
  }

  public String service() {
    return service;
  }

  public String method() {
    return method;
  }

  /** The metadata the client sent. */
  public Metadata metadata() {
    return metadata;
  }

  /** Time left before the client's deadline ({@code timeout_nano}); empty when it set none. */
  public Optional<Duration> timeRemaining() {
    return hasDeadline
        ? Optional.of(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())))
        : Optional.empty();
  }

  /**
   * True once the deadline passed, the client went away or the server shut down: the answer is no
   * longer awaited.
   */
  public boolean isCancelled() {
    return cancelled || (hasDeadline && deadlineNanos - System.nanoTime() <= 0);
  }

  void cancel() {
    cancelled = true;
  }
}
