package dev.osc.cli;

import dev.osc.api.Names;
import dev.osc.metrics.Metrics;
import dev.osc.metrics.MetricsServer;
import dev.osc.operator.OperatorSettings;
import dev.osc.operator.OscOperator;
import dev.osc.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description =
        "Runs the KataConfig operator against the cluster of the current kubeconfig (or"
            + " the in-cluster service account). Options default to the environment variables in"
            + " brackets.")
final class OperatorCommand implements Callable<Integer> {
  @Option(
      names = "--namespace",
      description =
          "Operator namespace [OPERATOR_NAMESPACE]"
              + " (default: openshift-sandboxed-containers-operator).")
  String namespace;

  @Option(
      names = "--strategy",
      description =
          "MachineConfig or DaemonSet [OSC_INSTALL_STRATEGY]."
              + " Default: MachineConfig when the cluster serves that API, else DaemonSet.")
  String strategy;

  @Option(
      names = "--kata-deploy-image",
      description = "Installer image for the DaemonSet" + " strategy [KATA_DEPLOY_IMAGE].")
  String kataDeployImage;

  @Option(
      names = "--kata-monitor-image",
      description = "kata-monitor image of the monitor DaemonSet [KATA_MONITOR_IMAGE].")
  String kataMonitorImage;

  @Option(
      names = "--extension",
      description =
          "RHCOS extension the MachineConfig enables"
              + " [SANDBOXED_CONTAINERS_EXTENSION] (default: sandboxed-containers).")
  String extension;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      defaultValue = "" + Names.OPERATOR_METRICS_PORT,
      description = "HTTPS port of /metrics, 0: none (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--log-level",
      defaultValue = "${env:OSC_LOG_LEVEL:-INFO}",
      description = "Log level of the operator's own logs (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Override
  public Integer call() throws InterruptedException {
    Logging.level(logLevel);
    Map<String, String> env = new HashMap<>(System.getenv());
    put(env, OperatorSettings.ENV_NAMESPACE, namespace);
    put(env, OperatorSettings.ENV_STRATEGY, strategy);
    put(env, OperatorSettings.ENV_KATA_DEPLOY_IMAGE, kataDeployImage);
    put(env, OperatorSettings.ENV_EXTENSION, extension);
    put(env, OperatorSettings.ENV_KATA_MONITOR_IMAGE, kataMonitorImage);
    OperatorSettings settings;
    try {
      settings = OperatorSettings.fromEnv(env);
    } catch (IllegalArgumentException e) {
      System.err.println("osc operator: " + e.getMessage());
      return 2;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    CountDownLatch stopped = new CountDownLatch(1);
    Metrics metrics = new Metrics();
    OperatorMetrics operatorMetrics = new OperatorMetrics(metrics, client);
    try (MetricsServer server =
            metricsPort == 0
                ? null
                : MetricsServer.selfSigned(
                    new InetSocketAddress(metricsPort),
                    Names.OPERATOR_METRICS_SERVICE + "." + settings.namespace() + ".svc",
                    metrics);
        OscOperator op = OscOperator.start(client, settings, operatorMetrics)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      System.err.println(
          "osc operator: running against "
              + client.getMasterUrl()
              + " with the "
              + op.strategyName()
              + " strategy, deploying "
              + settings.oscImage()
              + (server == null ? "" : "; /metrics on https port " + server.port()));
      stopped.await();
    } catch (IOException e) {
      System.err.println("osc operator: cannot serve /metrics: " + e.getMessage());
      return 2;
    } finally {
      client.close();
    }
    return 0;
  }

  private static void put(Map<String, String> env, String key, String value) {
    if (value != null) {
      env.put(key, value);
    }
  }
}
