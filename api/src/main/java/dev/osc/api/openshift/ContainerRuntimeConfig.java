package dev.osc.api.openshift;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** OpenShift's ContainerRuntimeConfig: CRI-O settings for the nodes of selected pools. */
@Group("machineconfiguration.openshift.io")
@Version("v1")
public class ContainerRuntimeConfig extends CustomResource<ContainerRuntimeConfig.Spec, Void> {

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Spec {
    public LabelSelector machineConfigPoolSelector;
    public Settings containerRuntimeConfig;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Settings {
    public String logLevel;

    public Settings() {}

    public Settings(String logLevel) {
      this.logLevel = logLevel;
    }
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public String logLevel() {
    return getSpec() == null || getSpec().containerRuntimeConfig == null
        ? null
        : getSpec().containerRuntimeConfig.logLevel;
  }
}
