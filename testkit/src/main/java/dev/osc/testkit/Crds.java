package dev.osc.testkit;

import dev.osc.api.PeerPods;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;

/** Installs the CRDs a simulated cluster needs. */
public final class Crds {
  private Crds() {}

  private static final String[] OUR_CRDS = {
    "/META-INF/osc/01-crd-kataconfigs.yaml", "/META-INF/osc/01-crd-peerpodconfigs.yaml",
    "/META-INF/osc/01-crd-peerpods.yaml"
  };

  /** Our CRDs (KataConfig, PeerPodConfig, PeerPod), as committed in deploy/ and checked against the types. */
  public static void installOurs(KubernetesClient client) {
    for (String resource : OUR_CRDS) {
      try (InputStream in = Crds.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(resource + " is not on the classpath");
        }
        CustomResourceDefinition crd = client.getKubernetesSerialization()
            .unmarshal(in, CustomResourceDefinition.class);
        client.resource(crd).createOr(r -> r.update());
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * OpenShift's MachineConfig API (cluster-scoped, status subresource), with open schemas:
   * enough for the API to exist, which is how the operator recognises OpenShift.
   */
  public static void installMachineConfigApi(KubernetesClient client) {
    for (String kind : new String[] {"MachineConfig", "MachineConfigPool",
        "ContainerRuntimeConfig"}) {
      client.resource(open("machineconfiguration.openshift.io", "v1", kind, "Cluster"))
          .createOr(r -> r.update());
    }
  }

  /** cert-manager's Issuer and Certificate (namespaced, open schemas): its presence is detected. */
  public static void installCertManager(KubernetesClient client) {
    for (String kind : new String[] {"Issuer", "Certificate"}) {
      client.resource(open(PeerPods.CERT_MANAGER_GROUP, PeerPods.CERT_MANAGER_VERSION, kind,
          "Namespaced")).createOr(r -> r.update());
    }
  }

  /** A CRD with a status subresource and a schema that accepts anything. */
  private static CustomResourceDefinition open(String group, String version, String kind,
      String scope) {
    String plural = kind.toLowerCase() + "s";
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName(plural + "." + group).endMetadata()
        .withNewSpec()
        .withGroup(group)
        .withScope(scope)
        .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase())
        .endNames()
        .addNewVersion().withName(version).withServed(true).withStorage(true)
        .withNewSubresources().withNewStatus().endStatus().endSubresources()
        .withNewSchema().withNewOpenAPIV3Schema().withType("object")
        .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
        .endVersion()
        .endSpec()
        .build();
  }
}
