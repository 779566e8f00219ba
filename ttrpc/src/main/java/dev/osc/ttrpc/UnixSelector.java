package dev.osc.ttrpc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread for every unix socket of the process: it accepts on every listener and reads every
 * accepted server connection, non-blocking. The adaptor serves an agent socket per pod VM and every
 * Kata shim keeps a connection open: a thread blocked in accept per socket and one in read per
 * connection were 400 threads for 200 VMs. The thread only splits frames and hands calls to the
 * handler pools; it never runs a handler and never waits for a peer to read.
 */
final class UnixSelector {
  private static final Logger log = LoggerFactory.getLogger(UnixSelector.class);
  private static UnixSelector shared;

  private final Selector selector;
  private final Thread thread;
  private final Queue<Runnable> registrations = new ConcurrentLinkedQueue<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);

  private record Listening(
      ServerSocketChannel channel, String describe, Consumer<SocketChannel> onAccept) {}

  private UnixSelector() throws IOException {
    selector = Selector.open();
    thread = new Thread(this::loop, "ttrpc-selector");
    thread.setDaemon(true);
    thread.start();
  }

  static synchronized UnixSelector shared() throws IOException {
    if (shared == null) {
      shared = new UnixSelector();
    }
    return shared;
  }

  /**
   * Accepts on {@code channel} until it is closed, handing each connection, non-blocking, to {@code
   * onAccept} on the selector thread.
   */
  void listen(ServerSocketChannel channel, String describe, Consumer<SocketChannel> onAccept) {
    Listening l = new Listening(channel, describe, onAccept);
    register(
        () -> {
          try {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_ACCEPT, l);
          } catch (IOException e) { // closed before it was registered
            log.debug("ttrpc selector: not accepting on {}: {}", describe, e.toString());
          }
        });
  }

  /** Reads {@code connection} until it is closed. */
  void read(SelectedConnection connection) {
    register(connection::register);
  }

  Selector selector() {
    return selector;
  }

  boolean isSelectorThread() {
    return Thread.currentThread() == thread;
  }

  void wakeup() {
    selector.wakeup();
  }

  private void register(Runnable registration) {
    registrations.add(registration);
    selector.wakeup();
  }

  private void loop() {
    while (true) {
      try {
        selector.select();
      } catch (IOException e) {
        log.warn(
            "ttrpc selector: select failed, unix sockets are no longer served: {}", e.toString());
        return;
      }
      for (Runnable r; (r = registrations.poll()) != null; ) r.run();
      for (SelectionKey key : selector.selectedKeys()) {
        if (key.attachment() instanceof Listening l) {
          accept(key, l);
        } else if (key.attachment() instanceof SelectedConnection c && key.isValid()) {
          try {
            c.ready(key.readyOps(), readBuffer);
          } catch (CancelledKeyException e) { // closed meanwhile by a thread that answered
            log.debug("ttrpc {}: closed", c.describe());
          } catch (RuntimeException e) { // a bug must not stop every other connection
            log.warn("ttrpc {}: closing after an unexpected error", c.describe(), e);
            c.fail(new IOException(e));
          }
        }
      }
      selector.selectedKeys().clear();
    }
  }

  private static void accept(SelectionKey key, Listening l) {
    try {
      SocketChannel accepted = key.isValid() ? l.channel().accept() : null;
      if (accepted != null) {
        accepted.configureBlocking(false);
        l.onAccept().accept(accepted);
      }
    } catch (IOException e) {
      key.cancel();
      if (l.channel().isOpen()) {
        log.warn("ttrpc accept on {} failed, no longer listening: {}", l.describe(), e.toString());
      }
    }
  }
}
