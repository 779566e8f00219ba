package dev.osc.testkit;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;

/** Installs the CRDs a simulated cluster needs. */
public final class Crds {
  private Crds() {}

  public static final String KATACONFIG_CRD_RESOURCE = "/META-INF/osc/01-crd-kataconfigs.yaml";

  /** Our KataConfig CRD, as committed in deploy/ (checked against the Java types). */
  public static void installKataConfig(KubernetesClient client) {
    try (InputStream in = Crds.class.getResourceAsStream(KATACONFIG_CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(KATACONFIG_CRD_RESOURCE + " is not on the classpath");
      }
      CustomResourceDefinition crd = client.getKubernetesSerialization()
          .unmarshal(in, CustomResourceDefinition.class);
      client.resource(crd).createOr(r -> r.update());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * OpenShift's MachineConfig API (cluster-scoped, status subresource), with open schemas:
   * enough for the API to exist, which is how the operator recognises OpenShift.
   */
  public static void installMachineConfigApi(KubernetesClient client) {
    for (String kind : new String[] {"MachineConfig", "MachineConfigPool",
        "ContainerRuntimeConfig"}) {
      String plural = kind.toLowerCase() + "s";
      CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
          .withNewMetadata().withName(plural + ".machineconfiguration.openshift.io").endMetadata()
          .withNewSpec()
          .withGroup("machineconfiguration.openshift.io")
          .withScope("Cluster")
          .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase())
          .endNames()
          .addNewVersion().withName("v1").withServed(true).withStorage(true)
          .withNewSubresources().withNewStatus().endStatus().endSubresources()
          .withNewSchema().withNewOpenAPIV3Schema().withType("object")
          .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
          .endVersion()
          .endSpec()
          .build();
      client.resource(crd).createOr(r -> r.update());
    }
  }
}
