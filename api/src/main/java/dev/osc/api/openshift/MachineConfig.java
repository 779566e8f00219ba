package dev.osc.api.openshift;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The part of OpenShift's MachineConfig (machineconfiguration.openshift.io/v1) we use. */
@Group("machineconfiguration.openshift.io")
@Version("v1")
public class MachineConfig extends CustomResource<MachineConfig.Spec, Void> {

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class Spec {
    public List<String> extensions = new ArrayList<>();
    public Map<String, Object> config = new LinkedHashMap<>();
  }
}
