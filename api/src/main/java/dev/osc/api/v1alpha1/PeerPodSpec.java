package dev.osc.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PeerPodSpec {
  @JsonPropertyDescription("The CLOUD_PROVIDER that made the VM (aws, libvirt, local, ...).")
  private String cloudProvider;

  @JsonPropertyDescription("The provider's id of the VM; empty while it is being created.")
  private String instanceID;

  @JsonPropertyDescription("The VM's name (podvm-<pod>-<sandbox>), known before the VM exists.")
  private String instanceName;

  @JsonPropertyDescription("The Kata sandbox the VM runs.")
  private String sandboxID;

  @JsonPropertyDescription("The node whose cloud-api-adaptor made the VM.")
  private String nodeName;

  public PeerPodSpec() {}

  public PeerPodSpec(
      String cloudProvider,
      String instanceID,
      String instanceName,
      String sandboxID,
      String nodeName) {
    this.cloudProvider = cloudProvider;
    this.instanceID = instanceID;
    this.instanceName = instanceName;
    this.sandboxID = sandboxID;
    this.nodeName = nodeName;
  }

  public String getCloudProvider() {
    return cloudProvider;
  }

  public void setCloudProvider(String cloudProvider) {
    this.cloudProvider = cloudProvider;
  }

  public String getInstanceID() {
    return instanceID;
  }

  public void setInstanceID(String instanceID) {
    this.instanceID = instanceID;
  }

  public String getInstanceName() {
    return instanceName;
  }

  public void setInstanceName(String instanceName) {
    this.instanceName = instanceName;
  }

  public String getSandboxID() {
    return sandboxID;
  }

  public void setSandboxID(String sandboxID) {
    this.sandboxID = sandboxID;
  }

  public String getNodeName() {
    return nodeName;
  }

  public void setNodeName(String nodeName) {
    this.nodeName = nodeName;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerPodSpec s
        && Objects.equals(cloudProvider, s.cloudProvider)
        && Objects.equals(instanceID, s.instanceID)
        && Objects.equals(instanceName, s.instanceName)
        && Objects.equals(sandboxID, s.sandboxID)
        && Objects.equals(nodeName, s.nodeName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cloudProvider, instanceID, instanceName, sandboxID, nodeName);
  }
}
