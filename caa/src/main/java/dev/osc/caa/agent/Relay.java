package dev.osc.caa.agent;

import dev.osc.ttrpc.CallContext;
import dev.osc.ttrpc.CallOptions;
import dev.osc.ttrpc.ServiceDefinition;
import dev.osc.ttrpc.StatusCode;
import dev.osc.ttrpc.TtrpcException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Passes every call of the agent's services on to the next hop unchanged: service, method, payload,
 * metadata and the time left of the deadline; the answer, or the status, comes back as the next hop
 * gave it. A call waits for a connection at most {@code connectWait}, or its deadline if that comes
 * first; then it fails UNAVAILABLE naming the next hop and why.
 */
public final class Relay {
  private final ReconnectingClient next;
  private final Duration connectWait;

  public Relay(ReconnectingClient next, Duration connectWait) {
    this.next = next;
    this.connectWait = connectWait;
  }

  /** One service definition per relayed service, each with a catch-all method. */
  public List<ServiceDefinition> services() {
    return AgentPath.SERVICES.stream()
        .map(name -> ServiceDefinition.builder(name).anyMethodAsync(this::relay).build())
        .toList();
  }

  /**
   * Waits on the caller's thread only for a connection; the answer comes on the connection's
   * reader, so a call a VM answers late (WaitProcess, ReadStdout) holds no thread meanwhile.
   */
  private CompletableFuture<byte[]> relay(CallContext call, byte[] request) throws TtrpcException {
    Duration wait =
        call.timeRemaining().filter(d -> d.compareTo(connectWait) < 0).orElse(connectWait);
    long deadline = System.nanoTime() + wait.toNanos();
    var client = next.get(deadline);
    Duration left = call.timeRemaining().orElse(null);
    if (left != null && left.isZero()) {
      throw new TtrpcException(StatusCode.DEADLINE_EXCEEDED, "context deadline exceeded");
    }
    return client.callAsync(
        call.service(), call.method(), request, new CallOptions(left, call.metadata()));
  }
}
