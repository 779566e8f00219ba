package dev.osc.caa.proxy;

import dev.osc.caa.metrics.VmMetrics;
import dev.osc.caa.tls.ForwarderTls;
import dev.osc.caa.vm.ProxyStarter;
import dev.osc.caa.vm.Sandbox;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/** The agent proxies of this node's sandboxes, by sandbox id. */
public final class AgentProxies implements ProxyStarter, AutoCloseable {
  private final ForwarderTls tls;
  private final int port;
  private final Duration timeout;
  private final Map<String, AgentProxy> proxies = new ConcurrentHashMap<>();

  /**
   * @param port the forwarders' port (FORWARDER_PORT)
   * @param timeout how long a VM may take to answer (PROXY_TIMEOUT)
   */
  public AgentProxies(ForwarderTls tls, int port, Duration timeout, VmMetrics metrics) {
    this.tls = tls;
    this.port = port;
    this.timeout = timeout;
    metrics.proxyConnections(
        () -> (int) proxies.values().stream().filter(AgentProxy::ready).count());
  }

  @Override
  public CompletableFuture<Void> start(Sandbox sandbox, Path socket, Executor executor)
      throws IOException {
    String sid = sandbox.request().sandboxId();
    CompletableFuture<Void> reachable;
    try {
      reachable = proxy(sandbox, socket).startAsync(executor);
    } catch (IOException e) {
      stop(sid);
      throw e;
    }
    return reachable.whenComplete(
        (ok, error) -> {
          if (error != null) {
            stop(sid);
          }
        });
  }

  @Override
  public void attach(Sandbox sandbox, Path socket, Executor executor) throws IOException {
    try {
      // The outcome is only logged: the adopted VM's pod is running, its calls wait or fail.
      var unused = proxy(sandbox, socket).startAsync(executor);
    } catch (IOException e) {
      stop(sandbox.request().sandboxId());
      throw e;
    }
  }

  @Override
  public void stop(String sandboxId) {
    AgentProxy proxy = proxies.remove(sandboxId);
    if (proxy != null) {
      proxy.close();
    }
  }

  /** The proxy of a sandbox, if one is served. */
  public AgentProxy get(String sandboxId) {
    return proxies.get(sandboxId);
  }

  /** A new proxy for the sandbox, in place of any earlier one; not started. */
  private AgentProxy proxy(Sandbox sandbox, Path socket) throws IOException {
    if (sandbox.address() == null) {
      throw new IOException("VM " + sandbox.instanceName() + " has no address to reach");
    }
    var r = sandbox.request();
    AgentProxy proxy =
        new AgentProxy(
            new AgentProxy.Target(
                r.podNamespace() + "/" + r.podName(),
                sandbox.instanceName(),
                socket,
                new InetSocketAddress(sandbox.address(), port),
                tls.serverName(sandbox.instanceName())),
            tls.clientContext(),
            timeout);
    stop(r.sandboxId());
    proxies.put(r.sandboxId(), proxy);
    return proxy;
  }

  @Override
  public void close() {
    proxies.keySet().forEach(this::stop);
  }
}
