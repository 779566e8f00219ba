package dev.osc.testkit;

import dev.osc.api.Names;
import dev.osc.api.peerpods.PeerPodsKeys;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A cluster without machines: an embedded API, worker nodes as Node objects, and the simulator of
 * whatever would install kata on them (the MachineConfig operator on OpenShift, kata-deploy
 * otherwise). The KataConfig CRD and the operator namespace exist, as after installing the
 * operator.
 */
public final class SimulatedCluster implements AutoCloseable {
  private final EmbeddedApi api;
  private final MachineConfigOperatorSimulator mco;
  private final KataDeploySimulator kataDeploy;

  private SimulatedCluster(
      EmbeddedApi api, MachineConfigOperatorSimulator mco, KataDeploySimulator kataDeploy) {
    this.api = api;
    this.mco = mco;
    this.kataDeploy = kataDeploy;
  }

  /**
   * @param openShift serve the MachineConfig API and run its simulator; else run kata-deploy's
   * @param delay how long a node takes to reboot (OpenShift) or install (kata-deploy)
   */
  public static SimulatedCluster start(
      EmbeddedApi api, int workers, boolean openShift, Duration delay) {
    KubernetesClient client = api.client();
    Crds.installOurs(client);
    client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(Names.OPERATOR_NAMESPACE)
                .endMetadata()
                .build())
        .createOr(r -> r.update());
    createPeerPodsConfig(client);
    addNode(
        client,
        "master-0",
        Map.of(Names.LABEL_ROLE_MASTER, "", Names.LABEL_ROLE_CONTROL_PLANE, ""));
    for (int i = 0; i < workers; i++) {
      addNode(client, "worker-" + i, Map.of(Names.LABEL_ROLE_WORKER, ""));
    }
    MachineConfigOperatorSimulator mco =
        openShift ? new MachineConfigOperatorSimulator(client, delay).start() : null;
    KataDeploySimulator kd =
        openShift ? null : new KataDeploySimulator(client, Names.OPERATOR_NAMESPACE, delay).start();
    return new SimulatedCluster(api, mco, kd);
  }

  /**
   * The peer pods config map and secret as the AWS guide (3.2) has the administrator create them
   * before the KataConfig; the credentials are placeholders.
   */
  static void createPeerPodsConfig(KubernetesClient client) {
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(PeerPodsKeys.CONFIG_MAP)
                .withNamespace(Names.OPERATOR_NAMESPACE)
                .endMetadata()
                .withData(
                    Map.of(
                        "CLOUD_PROVIDER", "aws",
                        "VXLAN_PORT", "9000",
                        "PODVM_INSTANCE_TYPE", "t3.medium",
                        "PODVM_INSTANCE_TYPES", "t2.small,t2.medium,t3.large",
                        "PROXY_TIMEOUT", "5m",
                        "AWS_REGION", "us-east-2",
                        "AWS_SUBNET_ID", "subnet-0a1b2c3d4e5f60718",
                        "AWS_VPC_ID", "vpc-0a1b2c3d4e5f60718",
                        "AWS_SG_IDS", "sg-0a1b2c3d4e5f60718",
                        "DISABLECVM", "true"))
                .build())
        .createOr(r -> r.update());
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(PeerPodsKeys.SECRET)
                .withNamespace(Names.OPERATOR_NAMESPACE)
                .endMetadata()
                .withStringData(
                    Map.of(
                        "AWS_ACCESS_KEY_ID",
                        "AKIAPLAYGROUNDEXAMPLE",
                        "AWS_SECRET_ACCESS_KEY",
                        "playground-example-not-a-real-key"))
                .build())
        .createOr(r -> r.update());
  }

  public static Node addNode(KubernetesClient client, String name, Map<String, String> labels) {
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(new HashMap<>(labels))
            .endMetadata()
            .withNewStatus()
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .endStatus()
            .build();
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
