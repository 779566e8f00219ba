package dev.osc.ttrpc;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ttrpc client on one connection. Calls from any number of threads share it: each gets the next
 * odd stream id and the answers are matched by id, in whatever order they come. When the connection
 * dies every pending call fails with UNAVAILABLE.
 */
public final class TtrpcClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TtrpcClient.class);
  private static final AtomicInteger THREAD_IDS = new AtomicInteger();

  private final Connection conn;
  private final FrameWriter writer;
  private final Map<Integer, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
  private final Object sendLock = new Object();
  private int nextStreamId = 1; // guarded by sendLock: ids must reach the wire in increasing order
  private volatile boolean closed;

  /** Starts a client on a connected transport; the client owns and closes it. */
  public TtrpcClient(Connection conn) throws IOException {
    this.conn = conn;
    this.writer = new FrameWriter(conn.output());
    FrameReader reader = new FrameReader(conn.input());
    Thread t = new Thread(() -> readLoop(reader), "ttrpc-client-" + THREAD_IDS.incrementAndGet());
    t.setDaemon(true);
    t.start();
    log.debug("ttrpc client connected to {}", conn.describe());
  }

  /** Calls a unary method without deadline or metadata; returns the response payload. */
  public byte[] call(String service, String method, byte[] request) throws TtrpcException {
    return call(service, method, request, CallOptions.DEFAULT);
  }

  /**
   * Calls a unary method and waits for its answer.
   *
   * @throws TtrpcException the server's status, or DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED,
   *     UNAVAILABLE (connection lost) or CANCELLED (this thread was interrupted)
   */
  public byte[] call(String service, String method, byte[] request, CallOptions options)
      throws TtrpcException {
    CompletableFuture<byte[]> f = callAsync(service, method, request, options);
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(false);
      Thread.currentThread().interrupt();
      throw new TtrpcException(StatusCode.CANCELLED, "context canceled", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TtrpcException t) throw t;
      throw new TtrpcException(StatusCode.UNKNOWN, String.valueOf(e.getCause()), e.getCause());
    }
  }

  /**
   * Sends a unary call; the future completes with the response payload or fails with a {@link
   * TtrpcException}. Cancelling it abandons the call (a late answer is dropped).
   */
  public CompletableFuture<byte[]> callAsync(
      String service, String method, byte[] request, CallOptions options) {
    long timeoutNanos = options.timeout() == null ? 0 : options.timeout().toNanos();
    byte[] encoded =
        Envelope.encode(
            new Envelope.Request(service, method, request, timeoutNanos, options.metadata()));
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    if (encoded.length > Wire.MAX_MESSAGE_LENGTH) {
      return CompletableFuture.failedFuture(TtrpcException.oversized(encoded.length));
    }
    int id;
    synchronized (sendLock) {
      if (closed) return CompletableFuture.failedFuture(unavailable());
      id = nextStreamId;
      nextStreamId += 2;
      pending.put(id, result);
      try {
        writer.write(id, Wire.TYPE_REQUEST, (byte) 0, encoded);
      } catch (IOException | TtrpcException e) {
        shutdown("sending failed: " + e);
        return result; // failed by shutdown like every other pending call
      }
    }
    var unused = result.whenComplete((r, e) -> pending.remove(id)); // the caller gets result
    if (timeoutNanos > 0) {
      ScheduledFuture<?> timer =
          Timers.DEADLINES.schedule(
              () ->
                  result.completeExceptionally(
                      new TtrpcException(
                          StatusCode.DEADLINE_EXCEEDED, "context deadline exceeded")),
              timeoutNanos,
              TimeUnit.NANOSECONDS);
      var unusedCancel = result.whenComplete((r, e) -> timer.cancel(false));
    }
    return result;
  }

  private void readLoop(FrameReader reader) {
    String reason = "connection closed by peer";
    try {
      while (true) {
        Frame frame;
        try {
          frame = reader.read();
        } catch (OversizedFrameException e) {
          log.warn("ttrpc {}: {}", conn.describe(), e.getMessage());
          fail(e.streamId, e.status());
          continue;
        }
        if (frame == null) break;
        if (frame.type() != Wire.TYPE_RESPONSE) {
          log.warn(
              "ttrpc {}: ignoring frame of type {} on stream {}",
              conn.describe(),
              frame.type(),
              frame.unsignedStreamId());
          continue;
        }
        CompletableFuture<byte[]> f = pending.get(frame.streamId());
        if (f == null) {
          log.debug(
              "ttrpc {}: answer on stream {} nobody waits for (timed out or cancelled)",
              conn.describe(),
              frame.unsignedStreamId());
          continue;
        }
        try {
          Envelope.Response response = Envelope.decodeResponse(frame.payload());
          if (response.code() == StatusCode.OK) f.complete(response.payload());
          else f.completeExceptionally(new TtrpcException(response.code(), response.message()));
        } catch (InvalidProtocolBufferException e) {
          log.warn(
              "ttrpc {}: undecodable response on stream {}: {}",
              conn.describe(),
              frame.unsignedStreamId(),
              e.getMessage());
          f.completeExceptionally(
              new TtrpcException(
                  StatusCode.INTERNAL, "unmarshal response error: " + e.getMessage()));
        }
      }
    } catch (IOException e) {
      reason = e.toString();
    }
    shutdown(reason);
  }

  private void fail(int streamId, TtrpcException e) {
    CompletableFuture<byte[]> f = pending.get(streamId);
    if (f != null) f.completeExceptionally(e);
  }

  private static TtrpcException unavailable() {
    return new TtrpcException(StatusCode.UNAVAILABLE, "ttrpc: closed");
  }

  /** True once the connection is closed or lost; every further call fails with UNAVAILABLE. */
  public boolean isClosed() {
    return closed;
  }

  /** Closes the connection; pending calls fail with UNAVAILABLE. */
  @Override
  public void close() {
    shutdown("closed by the client");
  }

  private void shutdown(String reason) {
    synchronized (sendLock) {
      if (closed) return;
      closed = true;
    }
    log.debug("ttrpc client to {} closed: {}", conn.describe(), reason);
    try {
      conn.close();
    } catch (IOException e) {
      log.debug("closing {}: {}", conn.describe(), e.toString());
    }
    pending.values().forEach(f -> f.completeExceptionally(unavailable()));
  }
}
