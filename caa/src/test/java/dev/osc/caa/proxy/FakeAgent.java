package dev.osc.caa.proxy;

import dev.osc.caa.agent.AgentPath;
import dev.osc.ttrpc.CallContext;
import dev.osc.ttrpc.ServiceDefinition;
import dev.osc.ttrpc.StatusCode;
import dev.osc.ttrpc.TtrpcException;
import dev.osc.ttrpc.TtrpcServer;
import dev.osc.ttrpc.UnixSockets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/** A kata agent on a unix socket with a few methods; anything else is UNIMPLEMENTED. */
final class FakeAgent implements AutoCloseable {
  static final byte[] SERVING = bytes("status: SERVING");
  static final String MISSING = "container c-404 not found";

  final AtomicReference<CallContext> lastCall = new AtomicReference<>();
  private final TtrpcServer server = new TtrpcServer();

  FakeAgent(Path socket) throws IOException {
    server.register(
        ServiceDefinition.builder(AgentPath.HEALTH_SERVICE)
            .unary("Check", (ctx, req) -> SERVING)
            .build());
    server.register(
        ServiceDefinition.builder(AgentPath.AGENT_SERVICE)
            .unary(
                "CreateContainer",
                (ctx, req) -> {
                  lastCall.set(ctx);
                  return concat(bytes("created:"), req);
                })
            .unary(
                "StartContainer",
                (ctx, req) -> {
                  throw new TtrpcException(StatusCode.NOT_FOUND, MISSING);
                })
            .build());
    server.serve(UnixSockets.listen(socket));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Override
  public void close() {
    server.close();
  }
}
