package dev.osc.ttrpc;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ttrpc server: register services, then {@link #serve} one or more listeners. Connections on unix
 * sockets are read by one thread the whole process shares, other connections by a thread each;
 * handlers run on a bounded pool (calls beyond it wait in a queue, their deadlines still running).
 * {@link #close()} stops accepting, lets calls in flight finish for a grace period, then closes
 * every connection.
 */
public final class TtrpcServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TtrpcServer.class);
  private static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
  private static final AtomicInteger THREAD_IDS = new AtomicInteger();

  private final Map<String, ServiceDefinition> services = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
  private final ThreadPoolExecutor handlers;
  private volatile boolean closed;

  /** A server running at most 64 handlers at once. */
  public TtrpcServer() {
    this(64);
  }

  /**
   * A server running at most {@code maxConcurrentHandlers} handlers at once. A call goes to an idle
   * handler thread if there is one, else to a new one up to the limit, else waits in the queue: a
   * plain fixed pool starts a new thread per call until it has the limit, which the burst bench
   * measured as 400 threads for 200 calls at once.
   */
  public TtrpcServer(int maxConcurrentHandlers) {
    HandOffQueue queue = new HandOffQueue();
    handlers =
        new ThreadPoolExecutor(
            0,
            maxConcurrentHandlers,
            30,
            TimeUnit.SECONDS,
            queue,
            r -> daemon(r, "ttrpc-handler-" + THREAD_IDS.incrementAndGet()),
            (r, pool) -> {
              if (pool.isShutdown()) throw new RejectedExecutionException("ttrpc: server closed");
              queue.add(r); // every thread is busy: wait for one
            });
  }

  /**
   * Offers a call only to a thread waiting for one, so that the pool starts a new thread when none
   * is idle; calls over the limit are added by the rejection handler and wait.
   */
  private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean offer(Runnable r) {
      return tryTransfer(r);
    }
  }

  /** Adds a service; its name must be new. */
  public TtrpcServer register(ServiceDefinition service) {
    if (services.putIfAbsent(service.name(), service) != null)
      throw new IllegalArgumentException("duplicate service " + service.name());
    return this;
  }

  /**
   * Accepts connections from {@code listener} until {@link #close()}: unix sockets on the one
   * thread every server of the process shares (which also reads their connections), other listeners
   * on a thread each.
   */
  public void serve(Listener listener) {
    if (closed) throw new IllegalStateException("server closed");
    listeners.add(listener);
    if (listener instanceof UnixSockets.UnixListener unix) {
      try {
        unix.acceptShared(this::accepted);
        return;
      } catch (IOException e) {
        log.warn("ttrpc: no shared acceptor ({}), accepting on a thread of its own", e.toString());
      }
    }
    daemon(() -> acceptLoop(listener), "ttrpc-accept-" + THREAD_IDS.incrementAndGet()).start();
  }

  private void acceptLoop(Listener listener) {
    log.debug("ttrpc server listening on {}", listener.describe());
    while (!closed) {
      Connection conn;
      try {
        conn = listener.accept();
      } catch (IOException e) {
        if (!closed)
          log.warn(
              "ttrpc accept on {} failed, no longer listening: {}",
              listener.describe(),
              e.toString());
        return;
      }
      accepted(conn);
    }
  }

  private void accepted(Connection conn) {
    ServerConnection sc = new ServerConnection(this, conn);
    connections.add(sc);
    if (closed) { // raced with close(): it will not look at this one
      sc.closeNow();
    } else if (conn instanceof SelectedConnection selected) {
      sc.serve(selected);
    } else {
      daemon(sc::run, "ttrpc-conn-" + THREAD_IDS.incrementAndGet()).start();
    }
  }

  /** Closes gracefully with a 5 second grace period. */
  @Override
  public void close() {
    close(DEFAULT_GRACE);
  }

  /**
   * Stops accepting, answers new requests UNAVAILABLE, waits up to {@code grace} for calls in
   * flight to be answered, then closes all connections and interrupts remaining handlers.
   */
  public void close(Duration grace) {
    if (closed) return;
    closed = true;
    for (Listener l : listeners) {
      try {
        l.close();
      } catch (IOException e) {
        log.debug("closing {}: {}", l.describe(), e.toString());
      }
    }
    connections.forEach(ServerConnection::closeWhenIdle);
    long deadline = System.nanoTime() + grace.toNanos();
    while (!connections.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    connections.forEach(ServerConnection::closeNow);
    handlers.shutdownNow();
  }

  boolean isClosed() {
    return closed;
  }

  ServiceDefinition service(String name) {
    return services.get(name);
  }

  ExecutorService handlers() {
    return handlers;
  }

  void removed(ServerConnection connection) {
    connections.remove(connection);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
