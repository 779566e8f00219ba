package dev.osc.testkit;

import dev.osc.api.PeerPods;
import dev.osc.api.openshift.ContainerRuntimeConfig;
import dev.osc.api.openshift.MachineConfig;
import dev.osc.api.openshift.MachineConfigPool;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Installs the CRDs a simulated cluster needs. */
public final class Crds {
  private Crds() {}

  private static final String[] OUR_CRDS = {
    "/META-INF/osc/01-crd-kataconfigs.yaml",
    "/META-INF/osc/01-crd-peerpodconfigs.yaml",
    "/META-INF/osc/01-crd-peerpods.yaml"
  };

  /**
   * Our CRDs (KataConfig, PeerPodConfig, PeerPod), as committed in deploy/ and checked against the
   * types.
   */
  public static void installOurs(KubernetesClient client) {
    for (String resource : OUR_CRDS) {
      try (InputStream in = Crds.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(resource + " is not on the classpath");
        }
        CustomResourceDefinition crd =
            client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        client.resource(crd).createOr(r -> r.update());
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * OpenShift's MachineConfig API (cluster-scoped, status subresource), with open schemas: enough
   * for the API to exist, which is how the operator recognises OpenShift. The short names and the
   * pool's columns are OpenShift's, so {@code kubectl get mcp kata-oc} reads as in the docs (6.3:
   * CONFIG, UPDATED, UPDATING, DEGRADED and the machine counts).
   */
  public static void installMachineConfigApi(KubernetesClient client) {
    String group = "machineconfiguration.openshift.io";
    client.resource(open(group, "v1", "MachineConfig", "Cluster", "mc")).createOr(r -> r.update());
    client
        .resource(open(group, "v1", "ContainerRuntimeConfig", "Cluster", "ctrcfg"))
        .createOr(r -> r.update());
    CustomResourceDefinition pools = open(group, "v1", "MachineConfigPool", "Cluster", "mcp");
    pools
        .getSpec()
        .getVersions()
        .get(0)
        .setAdditionalPrinterColumns(
            List.of(
                column("Config", "string", ".status.configuration.name"),
                column("Updated", "string", condition("Updated")),
                column("Updating", "string", condition("Updating")),
                column("Degraded", "string", condition("Degraded")),
                column("MachineCount", "integer", ".status.machineCount"),
                column("ReadyMachineCount", "integer", ".status.readyMachineCount"),
                column("UpdatedMachineCount", "integer", ".status.updatedMachineCount"),
                column("DegradedMachineCount", "integer", ".status.degradedMachineCount"),
                column("Age", "date", ".metadata.creationTimestamp")));
    client.resource(pools).createOr(r -> r.update());
    for (Class<? extends HasMetadata> type :
        List.of(MachineConfig.class, ContainerRuntimeConfig.class, MachineConfigPool.class)) {
      awaitServed(client, type);
    }
  }

  /**
   * A real API server serves a new CRD's resource a moment after creating it (404 until then); the
   * mock server at once.
   */
  private static void awaitServed(KubernetesClient client, Class<? extends HasMetadata> type) {
    Await.until(
        Duration.ofSeconds(30),
        type.getSimpleName() + " served",
        () -> {
          client.resources(type).list();
          return true;
        });
  }

  private static String condition(String type) {
    return ".status.conditions[?(@.type==\"" + type + "\")].status";
  }

  private static CustomResourceColumnDefinition column(String name, String type, String path) {
    return new CustomResourceColumnDefinitionBuilder()
        .withName(name)
        .withType(type)
        .withJsonPath(path)
        .build();
  }

  /** cert-manager's Issuer and Certificate (namespaced, open schemas): its presence is detected. */
  public static void installCertManager(KubernetesClient client) {
    for (String kind : new String[] {"Issuer", "Certificate"}) {
      client
          .resource(
              open(
                  PeerPods.CERT_MANAGER_GROUP,
                  PeerPods.CERT_MANAGER_VERSION,
                  kind,
                  "Namespaced",
                  null))
          .createOr(r -> r.update());
    }
  }

  /**
   * The Prometheus operator's ServiceMonitor (namespaced, open schema): its presence is detected.
   */
  public static void installServiceMonitor(KubernetesClient client) {
    client
        .resource(open("monitoring.coreos.com", "v1", "ServiceMonitor", "Namespaced", null))
        .createOr(r -> r.update());
  }

  /** A CRD with a status subresource and a schema that accepts anything. */
  private static CustomResourceDefinition open(
      String group, String version, String kind, String scope, String shortName) {
    String plural = kind.toLowerCase(Locale.ROOT) + "s";
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(plural + "." + group)
        .endMetadata()
        .withNewSpec()
        .withGroup(group)
        .withScope(scope)
        .withNewNames()
        .withKind(kind)
        .withPlural(plural)
        .withSingular(kind.toLowerCase(Locale.ROOT))
        .withShortNames(shortName == null ? List.of() : List.of(shortName))
        .endNames()
        .addNewVersion()
        .withName(version)
        .withServed(true)
        .withStorage(true)
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .endSubresources()
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .endVersion()
        .endSpec()
        .build();
  }
}
