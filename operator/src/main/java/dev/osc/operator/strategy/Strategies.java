package dev.osc.operator.strategy;

import dev.osc.api.Names;
import dev.osc.operator.OperatorSettings;
import dev.osc.operator.k8s.Applier;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Picks the install strategy: MachineConfig where the cluster serves that API, else kata-deploy.
 */
public final class Strategies {
  private Strategies() {}

  public static final String MACHINE_CONFIG_POOL_CRD = "machineconfigpools." + Names.MC_GROUP;

  public static boolean hasMachineConfigApi(KubernetesClient client) {
    return client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(MACHINE_CONFIG_POOL_CRD)
            .get()
        != null;
  }

  public static InstallStrategy choose(
      KubernetesClient client, Applier applier, OperatorSettings settings) {
    String choice = settings.strategy();
    if (choice == null) {
      choice = hasMachineConfigApi(client) ? "MachineConfig" : "DaemonSet";
    }
    return choice.equals("MachineConfig")
        ? new MachineConfigStrategy(client, applier, settings.extension())
        : new KataDeployStrategy(client, applier, settings.namespace(), settings.kataDeployImage());
  }
}
