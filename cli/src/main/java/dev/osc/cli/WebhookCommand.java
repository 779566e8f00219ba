package dev.osc.cli;

import dev.osc.api.Names;
import dev.osc.api.PeerPods;
import dev.osc.api.v1.KataConfig;
import dev.osc.metrics.Metrics;
import dev.osc.metrics.MetricsServer;
import dev.osc.webhook.AdmissionMetrics;
import dev.osc.webhook.AdmissionServer;
import dev.osc.webhook.KataConfigAdmission;
import dev.osc.webhook.PodMutator;
import dev.osc.webhook.ServingCertificate;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "webhook",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the admission webhooks over HTTPS until stopped.",
      "",
      "POST /mutate-v1-pod: a pod of the target runtime class (a peer pod) loses its"
          + " containers' requests and limits; what they asked for becomes its VM size, in the"
          + " annotations io.katacontainers.config.hypervisor.default_vcpus, default_memory (MiB)"
          + " and default_gpus, unless the pod set them; its first container takes one VM"
          + " extended resource. Other pods pass unchanged.",
      "",
      "POST /validate-kataconfig: refuses a second KataConfig and a spec the operator cannot"
          + " apply. KataConfigs are listed with the current kubeconfig or the in-cluster"
          + " service account.",
      "",
      "GET /healthz",
      "",
      "The serving certificate is tls.crt and tls.key (PEM) in the certificate directory, such"
          + " as a mounted Secret; they are read again on the first connection after they"
          + " change.",
      "",
      "Environment: TARGET_RUNTIMECLASS (or TARGET_RUNTIME_CLASS), the target runtime class;"
          + " POD_VM_EXTENDED_RESOURCE, the VM extended resource (default:"
          + " kata.peerpods.io/vm).",
      ""
    })
final class WebhookCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "" + Names.WEBHOOK_PORT,
      description = "HTTPS port on all interfaces (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      defaultValue = "" + Names.WEBHOOK_METRICS_PORT,
      description =
          "HTTPS port of /metrics, served with the same certificate; 0: none"
              + " (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--cert-dir",
      paramLabel = "DIR",
      defaultValue = Names.WEBHOOK_CERT_DIR,
      description = "Directory holding tls.crt and tls.key (default: ${DEFAULT-VALUE}).")
  Path certDir;

  @Option(
      names = "--target-runtimeclass",
      paramLabel = "NAME",
      description =
          "Runtime class" + " whose pods are mutated [TARGET_RUNTIMECLASS] (default: kata-remote).")
  String targetRuntimeClass;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "${env:OSC_LOG_LEVEL:-INFO}",
      description =
          "Log level of the webhook's own logs; DEBUG logs one line per admission"
              + " (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Override
  public Integer call() throws InterruptedException {
    Logging.level(logLevel);
    Map<String, String> env = new HashMap<>(System.getenv());
    if (targetRuntimeClass != null) {
      env.put(PeerPods.ENV_TARGET_RUNTIMECLASS, targetRuntimeClass);
    }
    PodMutator pods = PodMutator.fromEnv(env);
    ServingCertificate certificate;
    try {
      certificate = ServingCertificate.load(certDir);
    } catch (IOException e) {
      System.err.println("osc webhook: " + e.getMessage());
      return 2;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    KataConfigAdmission kataConfigs =
        new KataConfigAdmission(
            () ->
                client.resources(KataConfig.class).list().getItems().stream()
                    .map(kc -> kc.getMetadata().getName())
                    .toList());
    CountDownLatch stopped = new CountDownLatch(1);
    Metrics metrics = new Metrics();
    try (AdmissionServer server =
            AdmissionServer.start(
                new InetSocketAddress(port),
                certificate,
                pods,
                kataConfigs,
                new AdmissionMetrics(metrics));
        MetricsServer metricsServer =
            metricsPort == 0
                ? null
                : MetricsServer.start(
                    new InetSocketAddress(metricsPort),
                    AdmissionServer.tls(certificate),
                    metrics)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      System.err.println(
          "osc webhook: serving "
              + String.join(", ", AdmissionServer.paths())
              + " on https port "
              + server.port()
              + " with "
              + certificate.certificate().getSubjectX500Principal()
              + " from "
              + certDir
              + "; pods of runtime class "
              + pods.targetRuntimeClass()
              + " take one "
              + pods.vmResource()
              + (metricsServer == null ? "" : "; /metrics on https port " + metricsServer.port()));
      stopped.await();
    } catch (IOException e) {
      System.err.println("osc webhook: cannot serve on port " + port + ": " + e.getMessage());
      return 2;
    } finally {
      client.close();
    }
    return 0;
  }
}
