package dev.osc.testkit;

import dev.osc.api.Names;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A cluster without machines: an embedded API, worker nodes as Node objects, and the simulator
 * of whatever would install kata on them (the MachineConfig operator on OpenShift, kata-deploy
 * otherwise). The KataConfig CRD and the operator namespace exist, as after installing the
 * operator.
 */
public final class SimulatedCluster implements AutoCloseable {
  private final EmbeddedApi api;
  private final MachineConfigOperatorSimulator mco;
  private final KataDeploySimulator kataDeploy;

  private SimulatedCluster(EmbeddedApi api, MachineConfigOperatorSimulator mco,
      KataDeploySimulator kataDeploy) {
    this.api = api;
    this.mco = mco;
    this.kataDeploy = kataDeploy;
  }

  /**
   * @param openShift serve the MachineConfig API and run its simulator; else run kata-deploy's
   * @param delay how long a node takes to reboot (OpenShift) or install (kata-deploy)
   */
  public static SimulatedCluster start(EmbeddedApi api, int workers, boolean openShift,
      Duration delay) {
    KubernetesClient client = api.client();
    Crds.installOurs(client);
    client.resource(new NamespaceBuilder().withNewMetadata()
        .withName(Names.OPERATOR_NAMESPACE).endMetadata().build()).createOr(r -> r.update());
    addNode(client, "master-0", Map.of(Names.LABEL_ROLE_MASTER, "",
        Names.LABEL_ROLE_CONTROL_PLANE, ""));
    for (int i = 0; i < workers; i++) {
      addNode(client, "worker-" + i, Map.of(Names.LABEL_ROLE_WORKER, ""));
    }
    MachineConfigOperatorSimulator mco = openShift
        ? new MachineConfigOperatorSimulator(client, delay).start() : null;
    KataDeploySimulator kd = openShift
        ? null : new KataDeploySimulator(client, Names.OPERATOR_NAMESPACE, delay).start();
    return new SimulatedCluster(api, mco, kd);
  }

  public static Node addNode(KubernetesClient client, String name, Map<String, String> labels) {
    Node node = new NodeBuilder().withNewMetadata().withName(name)
        .withLabels(new HashMap<>(labels)).endMetadata()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
        .endStatus().build();
    return client.resource(node).createOr(r -> r.update());
  }

  public Node addWorker(String name, Map<String, String> extraLabels) {
    Map<String, String> labels = new HashMap<>(extraLabels);
    labels.put(Names.LABEL_ROLE_WORKER, "");
    return addNode(client(), name, labels);
  }

  public KubernetesClient client() {
    return api.client();
  }

  public EmbeddedApi api() {
    return api;
  }

  public boolean openShift() {
    return mco != null;
  }

  /** Makes the node's next kata installation fail with this message (either simulator). */
  public void failNode(String node, String message) {
    installer().failNode(node, message);
  }

  public void heal(String node) {
    installer().heal(node);
  }

  private TickingSimulator installer() {
    return mco != null ? mco : kataDeploy;
  }

  /** Disruptions of the node so far: reboots (OpenShift) or runtime installs (kata-deploy). */
  public int disruptions(String node) {
    return mco != null ? mco.reboots(node) : kataDeploy.installs(node);
  }

  @Override
  public void close() {
    installer().close();
    api.close();
  }
}
