package dev.osc.ttrpc;

import java.io.IOException;
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
 * One thread accepting on every unix socket of the process: the adaptor serves an agent socket per
 * pod VM, and a thread blocked in accept on each was 200 threads for 200 VMs. Accepted channels are
 * handed over in blocking mode, as a blocking accept returns them.
 */
final class Acceptor {
  private static final Logger log = LoggerFactory.getLogger(Acceptor.class);
  private static Acceptor shared;

  private final Selector selector;
  private final Queue<Registration> pending = new ConcurrentLinkedQueue<>();

  private record Registration(
      ServerSocketChannel channel, String describe, Consumer<SocketChannel> onAccept) {}

  private Acceptor() throws IOException {
    selector = Selector.open();
    Thread t = new Thread(this::loop, "ttrpc-acceptor");
    t.setDaemon(true);
    t.start();
  }

  static synchronized Acceptor shared() throws IOException {
    if (shared == null) {
      shared = new Acceptor();
    }
    return shared;
  }

  /** Accepts on {@code channel} until it is closed, handing each connection to {@code onAccept}. */
  void register(ServerSocketChannel channel, String describe, Consumer<SocketChannel> onAccept) {
    pending.add(new Registration(channel, describe, onAccept));
    selector.wakeup();
  }

  private void loop() {
    while (true) {
      try {
        selector.select();
      } catch (IOException e) {
        log.warn("ttrpc acceptor: select failed, no longer accepting: {}", e.toString());
        return;
      }
      for (Registration r; (r = pending.poll()) != null; ) {
        try {
          r.channel().configureBlocking(false);
          r.channel().register(selector, SelectionKey.OP_ACCEPT, r);
        } catch (IOException e) { // closed before it was registered
          log.debug("ttrpc acceptor: not accepting on {}: {}", r.describe(), e.toString());
        }
      }
      for (SelectionKey key : selector.selectedKeys()) {
        Registration r = (Registration) key.attachment();
        try {
          SocketChannel accepted = key.isValid() ? r.channel().accept() : null;
          if (accepted != null) {
            accepted.configureBlocking(true);
            r.onAccept().accept(accepted);
          }
        } catch (IOException e) {
          key.cancel();
          if (r.channel().isOpen()) {
            log.warn(
                "ttrpc accept on {} failed, no longer listening: {}", r.describe(), e.toString());
          }
        }
      }
      selector.selectedKeys().clear();
    }
  }
}
