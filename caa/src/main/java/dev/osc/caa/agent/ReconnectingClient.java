package dev.osc.caa.agent;

import dev.osc.ttrpc.Connection;
import dev.osc.ttrpc.StatusCode;
import dev.osc.ttrpc.TtrpcClient;
import dev.osc.ttrpc.TtrpcException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One ttrpc client connection to the next hop, shared by every relayed call. When there is none
 * (not yet made, or lost) the first caller dials, retrying with a growing pause, while the others
 * wait for it; each gives up at its own deadline.
 */
public final class ReconnectingClient implements AutoCloseable {
  /** Opens a transport to the next hop. */
  @FunctionalInterface
  public interface Dialer {
    Connection dial() throws IOException;

    /** One attempt answered on a future; by default {@link #dial} on {@code executor}. */
    default CompletableFuture<Connection> dialAsync(Executor executor) {
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return dial();
            } catch (IOException e) {
              throw new CompletionException(e);
            }
          },
          executor);
    }
  }

  private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

  private final String target;
  private final Dialer dialer;
  private final Duration maxBackoff;
  private final ReentrantLock dialing = new ReentrantLock();
  private volatile TtrpcClient client;
  private volatile boolean closed;
  private volatile String lastError = "not dialed yet";

  /**
   * @param target the next hop, for errors
   * @param maxBackoff the longest pause between two attempts
   */
  public ReconnectingClient(String target, Dialer dialer, Duration maxBackoff) {
    this.target = target;
    this.dialer = dialer;
    this.maxBackoff = maxBackoff;
  }

  /** Whether a connection is up now. */
  public boolean connected() {
    TtrpcClient c = client;
    return c != null && !c.isClosed();
  }

  /**
   * The live connection, dialed if needed until {@code deadlineNanos} ({@link System#nanoTime()}).
   *
   * @throws TtrpcException UNAVAILABLE naming the target and the last dial error
   */
  public TtrpcClient get(long deadlineNanos) throws TtrpcException {
    TtrpcClient c = client;
    if (c != null && !c.isClosed()) {
      return c;
    }
    try {
      if (!dialing.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw unreachable();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TtrpcException(StatusCode.CANCELLED, "waiting for " + target + " interrupted");
    }
    try {
      return dial(deadlineNanos);
    } finally {
      dialing.unlock();
    }
  }

  private TtrpcClient dial(long deadlineNanos) throws TtrpcException {
    Duration backoff = FIRST_BACKOFF;
    while (true) {
      if (closed) {
        throw new TtrpcException(StatusCode.UNAVAILABLE, "connection to " + target + " closed");
      }
      TtrpcClient c = client;
      if (c != null && !c.isClosed()) {
        return c; // another caller dialed while this one waited
      }
      try {
        return adopt(new TtrpcClient(dialer.dial()));
      } catch (IOException e) {
        lastError = e.getMessage() != null ? e.getMessage() : e.toString();
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        throw unreachable();
      }
      try {
        Thread.sleep(
            Math.max(1, Math.min(backoff.toMillis(), TimeUnit.NANOSECONDS.toMillis(left))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TtrpcException(StatusCode.CANCELLED, "dialing " + target + " interrupted");
      }
      Duration doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }
  }

  /**
   * Dials until connected or {@code deadlineNanos}, as {@link #get} does, with no thread waiting:
   * attempts are the dialer's futures and the pauses between them timers; {@code executor} runs
   * whatever of an attempt blocks.
   */
  public CompletableFuture<TtrpcClient> connectAsync(long deadlineNanos, Executor executor) {
    CompletableFuture<TtrpcClient> result = new CompletableFuture<>();
    attempt(result, deadlineNanos, FIRST_BACKOFF, executor);
    return result;
  }

  private void attempt(
      CompletableFuture<TtrpcClient> result,
      long deadlineNanos,
      Duration backoff,
      Executor executor) {
    TtrpcClient c = client;
    if (c != null && !c.isClosed()) {
      result.complete(c);
      return;
    }
    if (closed || result.isDone()) {
      result.completeExceptionally(
          new TtrpcException(StatusCode.UNAVAILABLE, "connection to " + target + " closed"));
      return;
    }
    CompletableFuture<Connection> dialed;
    try {
      dialed = dialer.dialAsync(executor);
    } catch (RuntimeException e) {
      dialed = CompletableFuture.failedFuture(e);
    }
    var unused =
        dialed.whenComplete(
            (conn, error) -> {
              Throwable failure = error;
              if (failure == null) {
                try {
                  result.complete(adopt(new TtrpcClient(conn)));
                  return;
                } catch (IOException | TtrpcException e) {
                  failure = e;
                }
              }
              Throwable cause =
                  failure instanceof CompletionException && failure.getCause() != null
                      ? failure.getCause()
                      : failure;
              lastError = cause.getMessage() != null ? cause.getMessage() : cause.toString();
              long left = deadlineNanos - System.nanoTime();
              if (left <= 0) {
                result.completeExceptionally(unreachable());
                return;
              }
              Duration doubled = backoff.multipliedBy(2);
              Duration next = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
              CompletableFuture.delayedExecutor(
                      Math.min(backoff.toNanos(), left), TimeUnit.NANOSECONDS, executor)
                  .execute(() -> attempt(result, deadlineNanos, next, executor));
            });
  }

  /** Makes {@code fresh} the connection, unless another dial won or this client is closed. */
  private synchronized TtrpcClient adopt(TtrpcClient fresh) throws TtrpcException {
    TtrpcClient c = client;
    if (closed || (c != null && !c.isClosed())) {
      fresh.close();
      if (closed) {
        throw new TtrpcException(StatusCode.UNAVAILABLE, "connection to " + target + " closed");
      }
      return c;
    }
    client = fresh;
    return fresh;
  }

  private TtrpcException unreachable() {
    return new TtrpcException(StatusCode.UNAVAILABLE, "cannot reach " + target + ": " + lastError);
  }

  @Override
  public synchronized void close() {
    closed = true;
    TtrpcClient c = client;
    if (c != null) {
      c.close();
    }
  }
}
