package dev.osc.ttrpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * TCP with TLS transport. The caller's {@link SSLContext} carries the key and trust material; with
 * {@code requireClientAuth} the server only accepts clients whose certificate it trusts (mutual
 * TLS).
 */
public final class TlsSockets {
  private TlsSockets() {}

  /** Never older, whatever the JDK's defaults: TLS 1.0 and 1.1 are broken. */
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  /** Connects and completes the TLS handshake, verifying the server's certificate and host name. */
  public static Connection connect(SSLContext tls, String host, int port) throws IOException {
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(host, port);
    try {
      var params = socket.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      params.setProtocols(PROTOCOLS);
      socket.setSSLParameters(params);
      socket.setTcpNoDelay(true);
      socket.startHandshake();
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return new SocketConnection(socket);
  }

  /**
   * Connects to {@code address} and completes the TLS handshake, verifying that the server's
   * certificate is for {@code serverName} (sent as SNI), which need not be the address: a VM
   * reached by IP presents a certificate for its name. {@code timeout} bounds the TCP connect and
   * the handshake each.
   */
  public static Connection connect(
      SSLContext tls, InetSocketAddress address, String serverName, Duration timeout)
      throws IOException {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    Socket tcp = new Socket();
    try {
      tcp.connect(address, millis);
      tcp.setTcpNoDelay(true);
    } catch (IOException e) {
      tcp.close();
      throw e;
    }
    return handshake(tls, tcp, address, serverName, millis);
  }

  /**
   * {@link #connect(SSLContext, InetSocketAddress, String, Duration)} without a thread waiting for
   * the TCP connection (the shared {@link Connector}); the handshake runs on {@code handshakes}.
   */
  public static CompletableFuture<Connection> connectAsync(
      SSLContext tls,
      InetSocketAddress address,
      String serverName,
      Duration timeout,
      Executor handshakes) {
    CompletableFuture<SocketChannel> tcp;
    try {
      tcp = Connector.shared().connect(address, timeout);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    return tcp.thenApplyAsync(
        ch -> {
          try {
            ch.socket().setTcpNoDelay(true);
            return handshake(
                tls,
                ch.socket(),
                address,
                serverName,
                (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
          } catch (IOException e) {
            throw new CompletionException(e);
          }
        },
        handshakes);
  }

  /** TLS over a connected socket, verifying the server is {@code serverName}; closes on failure. */
  private static Connection handshake(
      SSLContext tls, Socket tcp, InetSocketAddress address, String serverName, int millis)
      throws IOException {
    SSLSocket socket;
    try {
      socket =
          (SSLSocket) tls.getSocketFactory().createSocket(tcp, serverName, address.getPort(), true);
    } catch (IOException e) {
      tcp.close();
      throw e;
    }
    try {
      var params = socket.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      params.setProtocols(PROTOCOLS);
      socket.setSSLParameters(params);
      socket.setSoTimeout(millis);
      socket.startHandshake();
      socket.setSoTimeout(0);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return new SocketConnection(socket);
  }

  /** Listens on {@code address} (port 0 picks a free port: see {@link #port(Listener)}). */
  public static Listener listen(
      SSLContext tls, InetSocketAddress address, boolean requireClientAuth) throws IOException {
    return listen(tls, address, requireClientAuth, PROTOCOLS, null);
  }

  /**
   * The same, with only {@code protocols} and, unless null, {@code cipherSuites} enabled (a TLS
   * profile).
   */
  public static Listener listen(
      SSLContext tls,
      InetSocketAddress address,
      boolean requireClientAuth,
      String[] protocols,
      String[] cipherSuites)
      throws IOException {
    SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
    try {
      server.setNeedClientAuth(requireClientAuth);
      server.setEnabledProtocols(protocols);
      if (cipherSuites != null) {
        server.setEnabledCipherSuites(cipherSuites);
      }
      server.bind(address);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    return new TlsListener(server);
  }

  /** The port a TLS listener is bound to. */
  public static int port(Listener listener) {
    return ((TlsListener) listener).server.getLocalPort();
  }

  private record TlsListener(SSLServerSocket server) implements Listener {
    @Override
    public Connection accept() throws IOException {
      Socket s = server.accept();
      s.setTcpNoDelay(true);
      // The handshake happens on the connection's reader thread (first read), so one slow
      // or hostile client cannot stall the accept loop.
      return new SocketConnection(s);
    }

    @Override
    public String describe() {
      return "tls:" + server.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  private record SocketConnection(Socket socket) implements Connection {
    @Override
    public InputStream input() throws IOException {
      return socket.getInputStream();
    }

    @Override
    public OutputStream output() throws IOException {
      return socket.getOutputStream();
    }

    @Override
    public String describe() {
      return "tls:" + socket.getRemoteSocketAddress();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
