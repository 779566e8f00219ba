package dev.osc.caa.proxy;

import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.caa.agent.AgentPath;
import dev.osc.caa.agent.ReconnectingClient;
import dev.osc.caa.agent.Relay;
import dev.osc.ttrpc.Connection;
import dev.osc.ttrpc.StatusCode;
import dev.osc.ttrpc.TlsSockets;
import dev.osc.ttrpc.TtrpcException;
import dev.osc.ttrpc.TtrpcServer;
import dev.osc.ttrpc.UnixSockets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sandbox's agent socket on the worker: the shim's calls are relayed to the forwarder in the
 * pod VM over mutual TLS. The VM may still be booting when the proxy starts, so it dials until the
 * proxy timeout; calls that come meanwhile wait for the connection, each until its deadline.
 */
public final class AgentProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentProxy.class);

  /**
   * Where a proxy serves and where it relays to.
   *
   * @param pod namespace/name, for logs
   * @param instanceName the VM's name, which its certificate carries
   * @param serverName the name the forwarder's certificate must carry
   */
  public record Target(
      String pod,
      String instanceName,
      Path socket,
      InetSocketAddress forwarder,
      String serverName) {}

  private final Target target;
  private final Duration timeout;
  private final ReconnectingClient forwarder;
  private final TtrpcServer server = new TtrpcServer();
  private final CompletableFuture<Void> connected = new CompletableFuture<>();

  /**
   * @param timeout how long to wait for the VM's forwarder to answer (PROXY_TIMEOUT)
   */
  public AgentProxy(Target target, SSLContext tls, Duration timeout) {
    this.target = target;
    this.timeout = timeout;
    this.forwarder =
        new ReconnectingClient(
            "the forwarder of VM " + target.instanceName() + " at " + address(target.forwarder()),
            new ReconnectingClient.Dialer() {
              @Override
              public Connection dial() throws IOException {
                return TlsSockets.connect(
                    tls, target.forwarder(), target.serverName(), AgentPath.DIAL_TIMEOUT);
              }

              @Override
              public CompletableFuture<Connection> dialAsync(Executor executor) {
                return TlsSockets.connectAsync(
                    tls, target.forwarder(), target.serverName(), AgentPath.DIAL_TIMEOUT, executor);
              }
            },
            AgentPath.MAX_DIAL_BACKOFF);
  }

  /**
   * Serves the socket (making its directory) and dials the forwarder; the future completes once the
   * forwarder answered, or fails when the proxy timeout passed first. No thread waits for a booting
   * VM: connects are the shared connector's, pauses are timers; {@code executor} runs the
   * handshakes.
   */
  public CompletableFuture<Void> startAsync(Executor executor) throws IOException {
    long giveUpAt = serve();
    var unused =
        forwarder
            .connectAsync(giveUpAt, executor)
            .whenComplete(
                (client, error) -> {
                  if (error == null) {
                    connected(null);
                  } else {
                    connected(
                        error instanceof TtrpcException t
                            ? t
                            : new TtrpcException(StatusCode.UNAVAILABLE, error.toString()));
                  }
                });
    return connected;
  }

  /** Serves the socket; returns when dialing gives up. */
  private long serve() throws IOException {
    long giveUpAt = System.nanoTime() + timeout.toNanos();
    Files.createDirectories(target.socket().getParent());
    new Relay(forwarder, timeout).services().forEach(server::register);
    server.serve(UnixSockets.listen(target.socket()));
    LOG.info(
        "pod {}: agent proxy on {} for VM {} at {}",
        target.pod(),
        target.socket(),
        target.instanceName(),
        address(target.forwarder()));
    return giveUpAt;
  }

  /** The outcome of dialing: connected when {@code e} is null, else given up. */
  private void connected(TtrpcException e) {
    if (e == null) {
      connected.complete(null);
      LOG.info(
          "pod {}: agent proxy connected to the forwarder of VM {}",
          target.pod(),
          target.instanceName());
    } else {
      String why =
          "pod "
              + target.pod()
              + ": the forwarder of VM "
              + target.instanceName()
              + " did not answer within "
              + timeout
              + " ("
              + PeerPodsKeys.PROXY_TIMEOUT
              + "): "
              + e.statusMessage();
      connected.completeExceptionally(new IOException(why));
      LOG.warn(why);
    }
  }

  /** Whether the connection to the forwarder is up. */
  public boolean ready() {
    return forwarder.connected();
  }

  public Target target() {
    return target;
  }

  /** Stops serving and removes the socket; calls in flight fail. */
  @Override
  public void close() {
    server.close(Duration.ZERO);
    forwarder.close();
    try {
      Files.deleteIfExists(target.socket().getParent()); // only when empty, as it should be
    } catch (IOException e) {
      LOG.debug("pod {}: leaving {}: {}", target.pod(), target.socket().getParent(), e.toString());
    }
    LOG.info("pod {}: agent proxy for VM {} closed", target.pod(), target.instanceName());
  }

  private static String address(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }
}
