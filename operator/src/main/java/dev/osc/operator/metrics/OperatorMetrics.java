package dev.osc.operator.metrics;

import dev.osc.api.Names;
import dev.osc.api.v1.KataConfig;
import dev.osc.metrics.Metrics;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.monitoring.Metrics.ControllerExecution;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's metrics: the {@code kata_*} gauges (read from the cluster when scraped, once per
 * scrape) and, as JOSDK's metrics hook, every reconcile pass counted and timed by controller and
 * operation (reconcile or cleanup), with its errors.
 */
public final class OperatorMetrics implements io.javaoperatorsdk.operator.api.monitoring.Metrics {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMetrics.class);

  public static final String INSTALLATION_SUCCESS = "kata_config_installation_success";
  public static final String REMOTE_RUNTIMECLASS = "kata_remote_runtimeclass_available";
  public static final String TOTAL_REMOTE_PODS = "kata_total_remote_pods";
  public static final String FAILED_REMOTE_PODS = "kata_failed_remote_pods";
  public static final String FAILURE_RATIO = "kata_remote_workload_failure_ratio";
  public static final String RECONCILES = "osc_operator_reconciles_total";
  public static final String RECONCILE_ERRORS = "osc_operator_reconcile_errors_total";
  public static final String RECONCILE_SECONDS = "osc_operator_reconcile_seconds";

  private final Counter reconciles;
  private final Counter errors;
  private final Histogram seconds;

  public OperatorMetrics(Metrics metrics, KubernetesClient client) {
    this(metrics, () -> read(client));
  }

  OperatorMetrics(Metrics metrics, Supplier<KataHealth> health) {
    var registry = metrics.registry();
    reconciles =
        Counter.builder()
            .name(RECONCILES)
            .help("Reconcile passes, by controller and operation.")
            .labelNames("controller", "operation")
            .register(registry);
    errors =
        Counter.builder()
            .name(RECONCILE_ERRORS)
            .help("Reconcile passes that failed (JOSDK retries them), by controller and operation.")
            .labelNames("controller", "operation")
            .register(registry);
    seconds =
        Metrics.seconds(RECONCILE_SECONDS, "Time a reconcile pass took, by controller.")
            .labelNames("controller", "operation")
            .register(registry);
    registry.register((MultiCollector) () -> snapshots(health));
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    String[] labels = {execution.controllerName(), execution.name()};
    long start = System.nanoTime();
    try {
      return execution.execute();
    } catch (Exception | Error e) {
      errors.labelValues(labels).inc();
      throw e;
    } finally {
      reconciles.labelValues(labels).inc();
      seconds.labelValues(labels).observe((System.nanoTime() - start) / 1e9);
    }
  }

  private static MetricSnapshots snapshots(Supplier<KataHealth> read) {
    KataHealth h;
    try {
      h = read.get();
    } catch (KubernetesClientException e) {
      // No made-up values: the scrape shows the gauges absent, and the alert on them stays quiet.
      LOG.warn("metrics: cannot read the cluster: {}", e.getMessage());
      return MetricSnapshots.of();
    }
    return MetricSnapshots.of(
        gauge(
            INSTALLATION_SUCCESS,
            "1 when the KataConfig is installed on every node it selects, else 0.",
            h.installed()),
        gauge(
            REMOTE_RUNTIMECLASS,
            "1 when the kata-remote runtime class (peer pods) exists, else 0.",
            h.remoteRuntimeClass()),
        gauge(TOTAL_REMOTE_PODS, "Pods of runtime class kata-remote.", h.remotePods()),
        gauge(
            FAILED_REMOTE_PODS,
            "Pods of runtime class kata-remote that failed or cannot start.",
            h.failedRemotePods()),
        gauge(
            FAILURE_RATIO,
            "Failed kata-remote pods over all kata-remote pods (0 without any).",
            h.failureRatio()));
  }

  private static GaugeSnapshot gauge(String name, String help, double value) {
    return GaugeSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(GaugeDataPointSnapshot.builder().value(value).build())
        .build();
  }

  private static KataHealth read(KubernetesClient client) {
    List<KataConfig> kataConfigs = client.resources(KataConfig.class).list().getItems();
    boolean remote =
        client.resources(RuntimeClass.class).withName(Names.RUNTIME_CLASS_KATA_REMOTE).get()
            != null;
    return KataHealth.of(kataConfigs, remote, client.pods().inAnyNamespace().list().getItems());
  }
}
