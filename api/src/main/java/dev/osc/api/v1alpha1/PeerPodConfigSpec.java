package dev.osc.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PeerPodConfigSpec {
  @JsonPropertyDescription(
      "Maximum number of peer pod VMs per node, a whole number. It is"
          + " exposed as the extended resource kata.peerpods.io/vm on the nodes.")
  @Default("10")
  private String limit;

  @JsonPropertyDescription("Nodes on which the cloud-api-adaptor runs and the limit applies.")
  private Map<String, String> nodeSelector = new LinkedHashMap<>();

  @JsonPropertyDescription("Secret that holds the cloud provider credentials.")
  @Default("peer-pods-secret")
  private String cloudSecretName;

  @JsonPropertyDescription("ConfigMap that holds the cloud provider settings.")
  @Default("peer-pods-cm")
  private String configMapName;

  @JsonPropertyDescription("Default instance type of the peer pod VMs.")
  private String instanceType;

  public String getLimit() {
    return limit;
  }

  public void setLimit(String limit) {
    this.limit = limit;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector == null ? new LinkedHashMap<>() : nodeSelector;
  }

  public String getCloudSecretName() {
    return cloudSecretName;
  }

  public void setCloudSecretName(String cloudSecretName) {
    this.cloudSecretName = cloudSecretName;
  }

  public String getConfigMapName() {
    return configMapName;
  }

  public void setConfigMapName(String configMapName) {
    this.configMapName = configMapName;
  }

  public String getInstanceType() {
    return instanceType;
  }

  public void setInstanceType(String instanceType) {
    this.instanceType = instanceType;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerPodConfigSpec s
        && Objects.equals(limit, s.limit)
        && Objects.equals(nodeSelector, s.nodeSelector)
        && Objects.equals(cloudSecretName, s.cloudSecretName)
        && Objects.equals(configMapName, s.configMapName)
        && Objects.equals(instanceType, s.instanceType);
  }

  @Override
  public int hashCode() {
    return Objects.hash(limit, nodeSelector, cloudSecretName, configMapName, instanceType);
  }
}
