package dev.osc.cli;

import dev.osc.caa.agent.AgentPath;
import dev.osc.caa.agent.pb.HealthCheckResponse;
import dev.osc.caa.agent.pb.HealthCheckResponse.ServingStatus;
import dev.osc.caa.agent.pb.VersionCheckResponse;
import dev.osc.ttrpc.ServiceDefinition;
import dev.osc.ttrpc.TtrpcServer;
import dev.osc.ttrpc.UnixSockets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Stands in for the kata agent in the test pod VM image (scripts/podvm-image.sh): no kata-agent can
 * be built here (its build needs git-only dependencies), so the image runs this on the agent's
 * socket. It answers the agent's Health service as the agent does (grpc.Health Check: SERVING;
 * Version: the versions) and nothing else: every other call gets UNIMPLEMENTED, so no test can
 * mistake it for a pod's containers.
 */
@Command(
    name = "agent-stand-in",
    hidden = true,
    mixinStandardHelpOptions = true,
    description =
        "In the test pod VM image: answers the kata agent's Health service on the"
            + " agent's socket (no kata-agent can be built here); any other call is UNIMPLEMENTED.")
final class AgentStandInCommand implements Callable<Integer> {
  static final String AGENT_VERSION = "osc-agent-stand-in";

  /** The agent's protocol version its Version call reports (kata-containers 3.x). */
  static final String GRPC_VERSION = "0.0.1";

  @Option(
      names = "--socket",
      paramLabel = "PATH",
      defaultValue = "/run/kata-containers/agent.sock",
      description = "The agent's socket (default: ${DEFAULT-VALUE}).")
  Path socket;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Files.deleteIfExists(socket);
    TtrpcServer server = new TtrpcServer();
    server.register(health());
    server.serve(UnixSockets.listen(socket));
    System.err.println(
        "osc agent-stand-in: answering " + AgentPath.HEALTH_SERVICE + " on " + socket);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
    stopped.await();
    server.close();
    return 0;
  }

  static ServiceDefinition health() {
    return ServiceDefinition.builder(AgentPath.HEALTH_SERVICE)
        .unary(
            "Check",
            (ctx, req) ->
                HealthCheckResponse.newBuilder()
                    .setStatus(ServingStatus.SERVING)
                    .build()
                    .toByteArray())
        .unary(
            "Version",
            (ctx, req) ->
                VersionCheckResponse.newBuilder()
                    .setGrpcVersion(GRPC_VERSION)
                    .setAgentVersion(AGENT_VERSION)
                    .build()
                    .toByteArray())
        .build();
  }
}
