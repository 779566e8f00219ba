package dev.osc.ttrpc;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * An accepted unix-socket connection served by the shared {@link UnixSelector}: its thread reads
 * the non-blocking channel and splits the frames out, and {@link #send} writes a whole frame from
 * whichever thread answers. A frame the socket buffer cannot take at once waits in a queue that the
 * selector thread writes when the socket is writable; handler threads wait until their frame is
 * written, as a blocking write would, while the selector thread only stops reading this connection
 * until its own replies are out.
 */
final class SelectedConnection implements Connection {
  private final SocketChannel ch;
  private final String peer;
  private final UnixSelector selector;
  private final FrameAssembler frames = new FrameAssembler();
  private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>(); // guarded by this
  private boolean closed; // guarded by this
  private SelectionKey key; // guarded by this; set once registered
  private FrameSink sink;

  SelectedConnection(SocketChannel ch, String peer, UnixSelector selector) {
    this.ch = ch;
    this.peer = peer;
    this.selector = selector;
  }

  /**
   * Starts reading: frames and the end of the stream go to {@code sink}, on the selector thread.
   */
  void start(FrameSink sink) {
    this.sink = sink;
    selector.read(this);
  }

  /** On the selector thread. */
  void register() {
    try {
      SelectionKey k = ch.register(selector.selector(), SelectionKey.OP_READ, this);
      synchronized (this) {
        key = k;
      }
    } catch (ClosedChannelException e) {
      sink.ended(null); // closed before it was registered
    }
  }

  /** On the selector thread, when the channel is ready for {@code readyOps}. */
  void ready(int readyOps, ByteBuffer readBuffer) {
    if ((readyOps & SelectionKey.OP_WRITE) != 0 && !flush()) return;
    if ((readyOps & SelectionKey.OP_READ) != 0) read(readBuffer);
  }

  private void read(ByteBuffer buf) {
    buf.clear();
    int n;
    try {
      n = ch.read(buf);
    } catch (IOException e) {
      sink.ended(e);
      return;
    }
    if (n < 0) {
      sink.ended(frames.midFrame() ? new EOFException("connection closed inside a frame") : null);
      return;
    }
    buf.flip();
    while (ch.isOpen()) { // closed by a failed reply: the rest is not served
      Frame frame;
      try {
        frame = frames.next(buf);
      } catch (OversizedFrameException e) {
        sink.oversized(e);
        continue;
      }
      if (frame == null) return;
      sink.receive(frame);
    }
  }

  /** Writes what waits in the queue; false if the connection failed (and is closed). */
  private boolean flush() {
    IOException failed = null;
    synchronized (this) {
      try {
        while (!unsent.isEmpty()) {
          ByteBuffer head = unsent.peek();
          ch.write(head);
          if (head.hasRemaining()) return true;
          unsent.poll();
        }
        key.interestOps(SelectionKey.OP_READ);
      } catch (IOException e) {
        failed = e;
      } catch (CancelledKeyException e) {
        failed = new ClosedChannelException();
      } finally {
        notifyAll();
      }
    }
    if (failed == null) return true;
    fail(failed);
    return false;
  }

  /** Ends the connection after an error the selector thread met. */
  void fail(IOException cause) {
    sink.ended(cause);
  }

  /**
   * Writes one whole frame; frames of concurrent callers never interleave. On a handler thread it
   * returns once the frame is written; on the selector thread it never waits.
   */
  void send(byte[] frame) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(frame);
    boolean onSelector = selector.isSelectorThread();
    synchronized (this) {
      if (closed) throw new ClosedChannelException();
      if (unsent.isEmpty()) {
        ch.write(buf);
        if (!buf.hasRemaining()) return;
      }
      // The socket buffer is full: the shared selector finishes the write when the peer reads, so
      // a slow reader costs no thread and no extra selector (a blocking write is not allowed on a
      // channel registered with a selector).
      try {
        if (onSelector) {
          unsent.add(ByteBuffer.allocate(buf.remaining()).put(buf).flip());
          key.interestOps(SelectionKey.OP_WRITE); // and no reading until these replies are out
          return;
        }
        unsent.add(buf);
        key.interestOpsOr(SelectionKey.OP_WRITE);
      } catch (CancelledKeyException e) {
        throw new ClosedChannelException();
      }
      selector.wakeup();
      while (buf.hasRemaining() && !closed) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while writing to " + describe());
        }
      }
      if (buf.hasRemaining()) throw new ClosedChannelException();
    }
  }

  /** Not a stream: the selector reads this connection. */
  @Override
  public InputStream input() {
    throw new UnsupportedOperationException("read by the shared selector");
  }

  /** Not a stream: frames are written whole with {@link #send}. */
  @Override
  public OutputStream output() {
    throw new UnsupportedOperationException("written with send");
  }

  @Override
  public String describe() {
    return "unix:" + peer;
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    ch.close();
    selector.wakeup(); // the selector closes a registered channel's socket on its next select
  }
}
