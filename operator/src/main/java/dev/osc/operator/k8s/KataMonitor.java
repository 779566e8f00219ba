package dev.osc.operator.k8s;

import dev.osc.api.Names;
import dev.osc.api.v1.KataConfig;
import dev.osc.operator.monitoring.KataMonitorModel;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * kata-monitor on the kata nodes (DaemonSet {@code openshift-sandboxed-containers-monitor}), its
 * Service, and its ServiceMonitor where the cluster serves {@code monitoring.coreos.com}: made once
 * the nodes are settled, removed with the KataConfig.
 */
public final class KataMonitor {
  public static final String SERVICE_MONITOR_CRD = "servicemonitors.monitoring.coreos.com";

  /** Whether the cluster has the Prometheus operator's API: its CRD, watched by name. */
  public static final Kind<CustomResourceDefinition> CRD =
      Kind.named(CustomResourceDefinition.class, false, SERVICE_MONITOR_CRD, null);

  static final ResourceDefinitionContext SERVICE_MONITORS =
      new ResourceDefinitionContext.Builder()
          .withGroup("monitoring.coreos.com")
          .withVersion("v1")
          .withKind("ServiceMonitor")
          .withPlural("servicemonitors")
          .withNamespaced(true)
          .build();

  public static final Kind<GenericKubernetesResource> SERVICE_MONITOR =
      Kind.generic(
          SERVICE_MONITORS,
          Names.LABEL_MANAGED_BY + "=" + Names.MANAGED_BY_VALUE,
          r -> r.getAdditionalProperties().get("spec"));

  private final Applier applier;
  private final DaemonSets daemonSets;
  private final String namespace;
  private final String image;
  private final KataMonitorModel.ContainerRuntime runtime;

  public KataMonitor(
      Applier applier, String namespace, String image, KataMonitorModel.ContainerRuntime runtime) {
    this.applier = applier;
    this.daemonSets = new DaemonSets(applier);
    this.namespace = namespace;
    this.image = image;
    this.runtime = runtime;
  }

  /** The ServiceMonitor's informer can start (its CRD is served). */
  public boolean serviceMonitorsServed() {
    return applier.caches().get(CRD, null, SERVICE_MONITOR_CRD).isPresent();
  }

  public void ensure(KataConfig kc) {
    daemonSets.ensure(kc, KataMonitorModel.daemonSet(namespace, image, runtime));
    applier.apply(
        WebhookDeployment.SERVICE,
        namespace,
        KataMonitorModel.NAME,
        Owned.label(KataMonitorModel.service(namespace), kc));
    if (serviceMonitorsServed() && applier.caches().has(SERVICE_MONITOR.cache())) {
      applier.apply(
          SERVICE_MONITOR,
          namespace,
          KataMonitorModel.NAME,
          Owned.label(KataMonitorModel.serviceMonitor(namespace), kc));
    }
  }

  public void remove() {
    if (serviceMonitorsServed() && applier.caches().has(SERVICE_MONITOR.cache())) {
      applier.delete(SERVICE_MONITOR, namespace, KataMonitorModel.NAME);
    }
    applier.delete(WebhookDeployment.SERVICE, namespace, KataMonitorModel.NAME);
    daemonSets.delete(namespace, KataMonitorModel.NAME);
  }
}
