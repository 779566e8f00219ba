package dev.osc.operator;

import dev.osc.operator.strategy.InstallStrategy;
import dev.osc.operator.strategy.Strategies;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires and runs the operator: used by {@code osc operator}, the playground and the tests. */
public final class OscOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OscOperator.class);

  private final Operator operator;
  private final InstallStrategy strategy;

  private OscOperator(Operator operator, InstallStrategy strategy) {
    this.operator = operator;
    this.strategy = strategy;
  }

  public static OscOperator start(KubernetesClient client, OperatorSettings settings) {
    InstallStrategy strategy = Strategies.choose(client, settings);
    LOG.info("install strategy: {}", strategy.name());
    Operator operator = new Operator(o -> o
        .withKubernetesClient(client)
        .withCloseClientOnStop(false)
        // Merge/JSON patches work on every API server, including the embedded test one.
        .withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false)
        .withConcurrentReconciliationThreads(2));
    operator.register(new KataConfigReconciler(client, strategy, settings, Clock.systemUTC()));
    operator.register(new PeerPodConfigReconciler(client),
        o -> o.settingNamespace(settings.namespace()));
    operator.start();
    return new OscOperator(operator, strategy);
  }

  public String strategyName() {
    return strategy.name();
  }

  @Override
  public void close() {
    operator.stop();
  }
}
