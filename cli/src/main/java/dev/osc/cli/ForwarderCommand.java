package dev.osc.cli;

import dev.osc.caa.agent.AgentPath;
import dev.osc.caa.forwarder.Forwarder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "forwarder",
    mixinStandardHelpOptions = true,
    description = {
      "Runs inside a peer pod's VM: serves the kata agent's services (grpc.AgentService,"
          + " grpc.Health) over mutual TLS to the node's cloud-api-adaptor and relays every call"
          + " to the agent's unix socket, until stopped.",
      "",
      "Its certificate, key and the CA it trusts for clients come from the configuration the"
          + " adaptor put in the VM's user data (apf.json: tls-server-cert, tls-server-key,"
          + " tls-client-ca). A client without a certificate from that CA is refused.",
      "",
      "With apf.json's pod-network (the adaptor's TUNNEL_TYPE vxlan), it first gives the pod"
          + " namespace the pod's address on a VXLAN back to the worker, with the pod's routes,"
          + " and removes them when stopped.",
      ""
    })
final class ForwarderCommand implements Callable<Integer> {
  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = AgentPath.DEFAULT_LISTEN,
      description = "Where the adaptor connects (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--agent-socket",
      paramLabel = "PATH",
      defaultValue = "/run/kata-containers/agent.sock",
      description = "The kata agent's socket (default: ${DEFAULT-VALUE}).")
  Path agentSocket;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      defaultValue = "/run/peerpod/apf.json",
      description = "The configuration from the user data (default: ${DEFAULT-VALUE}).")
  Path config;

  @Option(
      names = "--image-cert-dir",
      paramLabel = "DIR",
      defaultValue = "/etc/osc/forwarder",
      description =
          "The image's own tls.crt and tls.key, used when the adaptor runs with"
              + " CACERT_FILE/CERT_FILE/CERT_KEY and sends only the client CA"
              + " (default: ${DEFAULT-VALUE}).")
  Path imageCertDir;

  @Option(
      names = "--pod-namespace",
      paramLabel = "PATH",
      defaultValue = "/run/netns/podns",
      description =
          "The pod's network namespace, made if missing under /run/netns and given"
              + " the pod's address on a VXLAN to the worker from apf.json's pod-network"
              + " (default: ${DEFAULT-VALUE}).")
  Path podNamespace;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "${env:OSC_LOG_LEVEL:-INFO}",
      description = "Log level (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Override
  public Integer call() throws InterruptedException {
    Logging.level(logLevel);
    int colon = listen.lastIndexOf(':');
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      System.err.println("osc forwarder: --listen: \"" + listen + "\" is not HOST:PORT");
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Forwarder forwarder =
        new Forwarder(
            new Forwarder.Options(
                new InetSocketAddress(listen.substring(0, Math.max(0, colon)), port),
                agentSocket,
                config,
                imageCertDir,
                podNamespace));
    try {
      forwarder.start();
    } catch (java.nio.file.NoSuchFileException e) {
      System.err.println(
          "osc forwarder: " + config + " does not exist: the VM's user data" + " writes it");
      return 1;
    } catch (IOException e) {
      System.err.println("osc forwarder: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
    stopped.await();
    forwarder.close();
    return 0;
  }
}
