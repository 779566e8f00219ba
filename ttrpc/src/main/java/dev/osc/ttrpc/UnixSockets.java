package dev.osc.ttrpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Unix domain socket transport, the one kata's shim and the cloud-api-adaptor use. */
public final class UnixSockets {
  private UnixSockets() {}

  /** Connects to a listening socket file. */
  public static Connection connect(Path path) throws IOException {
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.connect(UnixDomainSocketAddress.of(path));
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return new ChannelConnection(ch, path.toString());
  }

  /**
   * Listens on a socket file. A stale file from an earlier process is replaced, as Go servers do;
   * the file is removed again when the listener closes.
   */
  public static Listener listen(Path path) throws IOException {
    Files.deleteIfExists(path);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(path));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    return new UnixListener(server, path);
  }

  /** A socket file's listener; a server accepts on it with the shared {@link UnixSelector}. */
  static final class UnixListener implements Listener {
    private final ServerSocketChannel server;
    private final Path path;

    UnixListener(ServerSocketChannel server, Path path) {
      this.server = server;
      this.path = path;
    }

    @Override
    public Connection accept() throws IOException {
      return new ChannelConnection(server.accept(), path.toString());
    }

    /**
     * Hands each accepted connection to {@code onAccept}, from the shared selector thread, which
     * also reads it.
     */
    void acceptShared(java.util.function.Consumer<SelectedConnection> onAccept) throws IOException {
      UnixSelector selector = UnixSelector.shared();
      selector.listen(
          server,
          describe(),
          ch -> onAccept.accept(new SelectedConnection(ch, path.toString(), selector)));
    }

    @Override
    public String describe() {
      return "unix:" + path;
    }

    @Override
    public void close() throws IOException {
      try {
        server.close();
      } finally {
        Files.deleteIfExists(path);
      }
    }
  }

  /**
   * Streams straight on the channel. Channels.newInputStream/newOutputStream are not used: on JDK
   * 17 they lock the channel's blockingLock, so a blocked read would stall every write.
   */
  private static final class ChannelConnection implements Connection {
    private final SocketChannel ch;
    private final String peer;

    ChannelConnection(SocketChannel ch, String peer) {
      this.ch = ch;
      this.peer = peer;
    }

    @Override
    public InputStream input() {
      return new InputStream() {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (len == 0) return 0;
          int n = ch.read(ByteBuffer.wrap(b, off, len));
          return n; // blocking channel: -1 at end of stream, never 0
        }
      };
    }

    @Override
    public OutputStream output() {
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          ByteBuffer buf = ByteBuffer.wrap(b, off, len);
          while (buf.hasRemaining()) ch.write(buf);
        }
      };
    }

    @Override
    public String describe() {
      return "unix:" + peer;
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }
}
