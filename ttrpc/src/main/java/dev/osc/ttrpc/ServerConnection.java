package dev.osc.ttrpc;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection: reads frames (on a thread of its own, or from the shared {@link
 * UnixSelector} for unix sockets), hands requests to the server's handler pool and writes each
 * call's single response. Protocol errors the Go server answers with a status (oversized frame,
 * even or reused stream id, undecodable request) are answered the same way and the connection
 * carries on; it closes at end of stream or on an I/O error.
 */
final class ServerConnection implements FrameSink {
  private static final Logger log = LoggerFactory.getLogger(ServerConnection.class);

  private final TtrpcServer server;
  private final Connection conn;
  private final Map<Integer, Call> inFlight = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean closing;
  private FrameWriter writer;
  private long lastStreamId; // unsigned; only the reading thread uses it

  ServerConnection(TtrpcServer server, Connection conn) {
    this.server = server;
    this.conn = conn;
  }

  /** Reads the connection's stream on the calling thread until it ends. */
  void run() {
    log.debug("ttrpc connection opened from {}", conn.describe());
    IOException failure = null;
    try {
      writer = new FrameWriter(conn.output());
      FrameReader reader = new FrameReader(conn.input());
      while (!closed.get()) {
        Frame frame;
        try {
          frame = reader.read();
        } catch (OversizedFrameException e) {
          oversized(e);
          continue;
        }
        if (frame == null) break;
        receive(frame);
      }
    } catch (IOException e) {
      failure = e;
    } finally {
      ended(failure);
    }
  }

  /** Has the shared selector read {@code selected}, which is this connection, from now on. */
  void serve(SelectedConnection selected) {
    log.debug("ttrpc connection opened from {}", conn.describe());
    writer = new FrameWriter(selected::send);
    selected.start(this);
  }

  @Override
  public void oversized(OversizedFrameException e) {
    log.warn("ttrpc {}: {}", conn.describe(), e.getMessage());
    reply(e.streamId, e.status());
  }

  @Override
  public void ended(IOException cause) {
    if (cause != null && !closed.get())
      log.debug("ttrpc connection from {} failed: {}", conn.describe(), cause.toString());
    closeNow();
  }

  @Override
  public void receive(Frame frame) {
    int id = frame.streamId();
    if ((id & 1) == 0) {
      reply(id, invalid("StreamID must be odd for client initiated streams"));
    } else if (frame.type() == Wire.TYPE_REQUEST) {
      if (frame.unsignedStreamId() <= lastStreamId) {
        reply(id, invalid("StreamID cannot be re-used and must increment"));
        return;
      }
      lastStreamId = frame.unsignedStreamId();
      Envelope.Request request;
      try {
        request = Envelope.decodeRequest(frame.payload());
      } catch (InvalidProtocolBufferException e) {
        reply(id, invalid("unmarshal request error: " + e.getMessage()));
        return;
      }
      dispatch(id, request);
    } else if (frame.type() == Wire.TYPE_DATA) {
      reply(id, invalid("StreamID is no longer active")); // only unary calls are served
    } else {
      // Go ignores other types for forward compatibility; so do we.
      log.warn(
          "ttrpc {}: ignoring frame of type {} on stream {}",
          conn.describe(),
          frame.type(),
          frame.unsignedStreamId());
    }
  }

  private void dispatch(int id, Envelope.Request request) {
    if (closing || server.isClosed()) {
      reply(id, new TtrpcException(StatusCode.UNAVAILABLE, "ttrpc: server closed"));
      return;
    }
    ServiceDefinition service = server.service(request.service());
    if (service == null) {
      reply(id, new TtrpcException(StatusCode.UNIMPLEMENTED, "service " + request.service()));
      return;
    }
    AsyncUnaryHandler handler = service.method(request.method());
    if (handler == null) {
      reply(id, new TtrpcException(StatusCode.UNIMPLEMENTED, "method " + request.method()));
      return;
    }
    CallContext context =
        new CallContext(
            request.service(), request.method(), request.metadata(), request.timeoutNanos());
    Call call = new Call(id, context);
    inFlight.put(id, call);
    try {
      call.task = server.handlers().submit(() -> call.run(handler, request.payload()));
    } catch (RejectedExecutionException e) {
      call.finish(new TtrpcException(StatusCode.UNAVAILABLE, "ttrpc: server closed"), null);
      return;
    }
    if (request.timeoutNanos() > 0) {
      call.timer =
          Timers.DEADLINES.schedule(
              call::deadlineExceeded, request.timeoutNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** One unary call in flight: whoever finishes first (handler, deadline, close) answers. */
  private final class Call {
    final int id;
    final CallContext context;
    final AtomicBoolean answered = new AtomicBoolean();
    volatile Future<?> task;
    volatile ScheduledFuture<?> timer;
    volatile CompletableFuture<byte[]> pending; // an async handler's answer still to come

    Call(int id, CallContext context) {
      this.id = id;
      this.context = context;
    }

    void run(AsyncUnaryHandler handler, byte[] payload) {
      CompletionStage<byte[]> answer;
      try {
        answer = handler.handle(context, payload);
      } catch (Exception e) {
        fail(e);
        return;
      }
      if (answer instanceof CompletableFuture<byte[]> f) {
        pending = f;
      }
      answer.whenComplete(
          (response, error) -> {
            if (error == null) {
              finish(null, response == null ? new byte[0] : response);
            } else {
              fail(
                  error instanceof CompletionException && error.getCause() != null
                      ? error.getCause()
                      : error);
            }
          });
    }

    private void fail(Throwable e) {
      if (e instanceof TtrpcException t) {
        finish(t, null);
        return;
      }
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
      finish(new TtrpcException(StatusCode.UNKNOWN, message, e), null);
    }

    void deadlineExceeded() {
      if (finish(
          new TtrpcException(StatusCode.DEADLINE_EXCEEDED, "context deadline exceeded"), null)) {
        context.cancel();
        cancelWork();
      }
    }

    /** Interrupts the handler thread, and cancels an async handler's answer. */
    private void cancelWork() {
      Future<?> t = task;
      if (t != null) t.cancel(true);
      CompletableFuture<byte[]> p = pending;
      if (p != null) p.cancel(true);
    }

    /** Sends the answer unless one was sent already; true if this call sent it. */
    boolean finish(TtrpcException error, byte[] payload) {
      if (!answered.compareAndSet(false, true)) return false;
      ScheduledFuture<?> t = timer;
      if (t != null) t.cancel(false);
      if (error != null) reply(id, error);
      else reply(id, new Envelope.Response(StatusCode.OK, "", payload));
      inFlight.remove(id);
      if (closing && inFlight.isEmpty()) closeNow();
      return true;
    }

    void abandon() {
      if (answered.compareAndSet(false, true)) {
        context.cancel();
        ScheduledFuture<?> t = timer;
        if (t != null) t.cancel(false);
        cancelWork();
      }
    }
  }

  private static TtrpcException invalid(String message) {
    return new TtrpcException(StatusCode.INVALID_ARGUMENT, message);
  }

  private void reply(int id, TtrpcException error) {
    reply(id, new Envelope.Response(error.code(), error.statusMessage(), new byte[0]));
  }

  private void reply(int id, Envelope.Response response) {
    byte[] encoded = Envelope.encode(response);
    if (encoded.length > Wire.MAX_MESSAGE_LENGTH) {
      // Go closes the connection here; answering the status keeps the client's other calls alive.
      TtrpcException e = TtrpcException.oversized(encoded.length);
      log.warn(
          "ttrpc {}: response on stream {} is too large: {}",
          conn.describe(),
          Integer.toUnsignedString(id),
          e.statusMessage());
      encoded = Envelope.encode(new Envelope.Response(e.code(), e.statusMessage(), new byte[0]));
    }
    try {
      writer.write(id, Wire.TYPE_RESPONSE, (byte) 0, encoded);
    } catch (IOException | TtrpcException e) {
      if (!closed.get())
        log.debug("ttrpc {}: writing response failed, closing: {}", conn.describe(), e.toString());
      closeNow();
    }
  }

  /** Closes as soon as no call is in flight (graceful server shutdown). */
  void closeWhenIdle() {
    closing = true;
    if (inFlight.isEmpty()) closeNow();
  }

  void closeNow() {
    if (!closed.compareAndSet(false, true)) return;
    inFlight.values().forEach(Call::abandon);
    inFlight.clear();
    try {
      conn.close();
    } catch (IOException e) {
      log.debug("closing {}: {}", conn.describe(), e.toString());
    }
    server.removed(this);
    log.debug("ttrpc connection from {} closed", conn.describe());
  }
}
