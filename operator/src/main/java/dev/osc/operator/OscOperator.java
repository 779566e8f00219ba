package dev.osc.operator;

import dev.osc.operator.k8s.Applier;
import dev.osc.operator.k8s.Caches;
import dev.osc.operator.k8s.OpenShiftSecurity;
import dev.osc.operator.strategy.InstallStrategy;
import dev.osc.operator.strategy.Strategies;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires and runs the operator: used by {@code osc operator}, the playground and the tests. When a
 * watch dies for good (JOSDK's default would exit the JVM), the operator is restarted in process:
 * all its state is in the cluster, so a fresh one carries on where the old one stopped.
 */
public final class OscOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OscOperator.class);

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final Metrics metrics;
  private final Applier applier;
  private final InstallStrategy strategy;
  private final ExecutorService restarter =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "operator-restart");
            t.setDaemon(true);
            return t;
          });
  private Operator operator;
  private boolean closed;

  private OscOperator(KubernetesClient client, OperatorSettings settings, Metrics metrics) {
    this.client = client;
    this.settings = settings;
    this.metrics = metrics;
    this.applier = new Applier(client, new Caches());
    this.strategy = Strategies.choose(client, applier, settings);
    LOG.info("install strategy: {}", strategy.name());
    try {
      OpenShiftSecurity.ensure(client);
    } catch (KubernetesClientException e) {
      // The rest works without it; only the adaptor's pods would be refused admission.
      LOG.error(
          "cannot make SecurityContextConstraints osc-caa ({}): osc-caa-ds pods will be refused",
          e.getMessage());
    }
  }

  public static OscOperator start(KubernetesClient client, OperatorSettings settings) {
    return start(client, settings, Metrics.NOOP);
  }

  /** With {@code metrics} told of every reconcile pass (tests wait on passes through it). */
  public static OscOperator start(
      KubernetesClient client, OperatorSettings settings, Metrics metrics) {
    OscOperator o = new OscOperator(client, settings, metrics);
    synchronized (o) {
      o.operator = o.newOperator();
    }
    return o;
  }

  private Operator newOperator() {
    Operator op =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    // Merge/JSON patches work on every API server, including the embedded test one.
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withConcurrentReconciliationThreads(2)
                    // Stopping waits for reconciles in flight: the default (zero) interrupts them
                    // and lets
                    // their last writes land after a restarted operator has moved on.
                    .withReconciliationTerminationTimeout(java.time.Duration.ofSeconds(30))
                    .withInformerStoppedHandler(this::informerStopped)
                    .withMetrics(metrics));
    op.register(new KataConfigReconciler(client, strategy, applier, settings, Clock.systemUTC()));
    op.register(
        new PeerPodConfigReconciler(client, Clock.systemUTC()),
        o -> o.settingNamespace(settings.namespace()));
    op.start();
    return op;
  }

  private void informerStopped(SharedIndexInformer<?> informer, Throwable error) {
    if (error == null) {
      return;
    }
    LOG.error("a watch stopped for good ({}); restarting the operator", error.getMessage());
    restarter.execute(this::restart);
  }

  private synchronized void restart() {
    if (closed) {
      return;
    }
    operator.stop();
    operator = newOperator();
  }

  public String strategyName() {
    return strategy.name();
  }

  @Override
  public synchronized void close() {
    closed = true;
    restarter.shutdownNow();
    operator.stop();
  }
}
