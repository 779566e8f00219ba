package dev.osc.ttrpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread connecting every outgoing TCP socket of the process: a pod VM that is still booting
 * drops the adaptor's SYNs, and a thread blocked in connect on each was a thread per booting VM.
 * Connected channels are handed over in blocking mode, as a blocking connect returns them.
 */
final class Connector {
  private static final Logger log = LoggerFactory.getLogger(Connector.class);
  private static Connector shared;

  private final Selector selector;
  private final Queue<Attempt> added = new ConcurrentLinkedQueue<>();

  private record Attempt(
      SocketChannel channel,
      InetSocketAddress address,
      long deadlineNanos,
      CompletableFuture<SocketChannel> done) {}

  private Connector() throws IOException {
    selector = Selector.open();
    Thread t = new Thread(this::loop, "ttrpc-connector");
    t.setDaemon(true);
    t.start();
  }

  static synchronized Connector shared() throws IOException {
    if (shared == null) {
      shared = new Connector();
    }
    return shared;
  }

  /** The channel once connected; fails with the connect's error, or a timeout after timeout. */
  CompletableFuture<SocketChannel> connect(InetSocketAddress address, Duration timeout) {
    CompletableFuture<SocketChannel> done = new CompletableFuture<>();
    SocketChannel ch = null;
    try {
      ch = SocketChannel.open();
      ch.configureBlocking(false);
      if (ch.connect(address)) {
        ch.configureBlocking(true);
        done.complete(ch);
        return done;
      }
    } catch (IOException e) {
      closeQuietly(ch);
      done.completeExceptionally(e);
      return done;
    }
    added.add(new Attempt(ch, address, System.nanoTime() + timeout.toNanos(), done));
    selector.wakeup();
    return done;
  }

  private void loop() {
    while (true) {
      try {
        selector.select(Math.max(1, nextDeadlineMillis()));
      } catch (IOException e) {
        log.warn("ttrpc connector: select failed, no longer connecting: {}", e.toString());
        return;
      }
      for (Attempt a; (a = added.poll()) != null; ) {
        try {
          a.channel().register(selector, SelectionKey.OP_CONNECT, a);
        } catch (IOException e) {
          fail(a, e);
        }
      }
      List<Attempt> connected = new ArrayList<>();
      for (SelectionKey key : selector.selectedKeys()) {
        Attempt a = (Attempt) key.attachment();
        try {
          if (a.channel().finishConnect()) {
            key.cancel();
            connected.add(a);
          }
        } catch (IOException e) {
          key.cancel();
          fail(a, e);
        }
      }
      selector.selectedKeys().clear();
      long now = System.nanoTime();
      for (SelectionKey key : selector.keys()) {
        Attempt a = (Attempt) key.attachment();
        if (key.isValid() && now - a.deadlineNanos() >= 0) {
          key.cancel();
          fail(a, new SocketTimeoutException("connect to " + a.address() + " timed out"));
        }
      }
      handOver(connected);
    }
  }

  /** Back to blocking mode, which needs the cancelled keys flushed from the selector first. */
  private void handOver(List<Attempt> connected) {
    if (connected.isEmpty()) {
      return;
    }
    try {
      selector.selectNow();
    } catch (IOException e) {
      connected.forEach(a -> fail(a, e));
      return;
    }
    for (Attempt a : connected) {
      try {
        a.channel().configureBlocking(true);
        a.done().complete(a.channel());
      } catch (IOException e) {
        fail(a, e);
      }
    }
  }

  private long nextDeadlineMillis() {
    long now = System.nanoTime();
    long next = TimeUnit.SECONDS.toNanos(1);
    for (SelectionKey key : selector.keys()) {
      next = Math.min(next, ((Attempt) key.attachment()).deadlineNanos() - now);
    }
    return TimeUnit.NANOSECONDS.toMillis(next);
  }

  private static void fail(Attempt a, IOException e) {
    closeQuietly(a.channel());
    a.done().completeExceptionally(e);
  }

  private static void closeQuietly(SocketChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing more to do with a channel that failed
      }
    }
  }
}
