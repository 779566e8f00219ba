package dev.osc.api.openshift;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
import java.util.List;

/** The part of OpenShift's MachineConfigPool (machineconfiguration.openshift.io/v1) we use. */
@Group("machineconfiguration.openshift.io")
@Version("v1")
public class MachineConfigPool
    extends CustomResource<MachineConfigPool.Spec, MachineConfigPool.Status> {

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Spec {
    public LabelSelector machineConfigSelector;
    public LabelSelector nodeSelector;
    public IntOrString maxUnavailable;
    public boolean paused;

    /** The rendered configuration the MCO targets for this pool (set by the MCO). */
    public Configuration configuration;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Configuration {
    public String name;

    public Configuration() {}

    public Configuration(String name) {
      this.name = name;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Status {
    public Long observedGeneration;
    public Configuration configuration;
    public int machineCount;
    public int updatedMachineCount;
    public int readyMachineCount;
    public int unavailableMachineCount;
    public int degradedMachineCount;
    public List<Condition> conditions = new ArrayList<>();

    public boolean isTrue(String type) {
      return conditions.stream().anyMatch(c -> type.equals(c.type) && "True".equals(c.status));
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Condition {
    public String type;
    public String status;
    public String reason;
    public String message;
    public String lastTransitionTime;

    public Condition() {}

    public Condition(String type, String status, String reason, String message, String time) {
      this.type = type;
      this.status = status;
      this.reason = reason;
      this.message = message;
      this.lastTransitionTime = time;
    }
  }

  /** The rendered config the pool's nodes should run, or null until the MCO rendered one. */
  @JsonIgnore
  public String targetConfig() {
    return getSpec() == null || getSpec().configuration == null
        ? null
        : getSpec().configuration.name;
  }

  @JsonIgnore
  public boolean isUpdating() {
    return getStatus() != null && getStatus().isTrue("Updating");
  }
}
