package dev.osc.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Nullable;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KataConfigSpec {

  @Nullable
  @JsonPropertyDescription(
      "Selects the worker nodes that get the kata runtime. If not specified, all worker nodes are"
          + " selected.")
  private LabelSelector kataConfigPoolSelector;

  @Default("false")
  @JsonPropertyDescription(
      "Install only on nodes that Node Feature Discovery labelled"
          + " feature.node.kubernetes.io/runtime.kata=true.")
  private boolean checkNodeEligibility;

  @Default("info")
  @JsonPropertyDescription(
      "Log level of the CRI-O runtime on the kata nodes. Valid values are the same as for"
          + " crio --log-level.")
  @SchemaFrom(type = LogLevel.class)
  private String logLevel = LogLevel.INFO.value();

  @Default("false")
  @JsonPropertyDescription(
      "Run pods in VMs created through a cloud or hypervisor API (peer pods, runtime class"
          + " kata-remote) instead of on the node.")
  private boolean enablePeerPods;

  public LabelSelector getKataConfigPoolSelector() {
    return kataConfigPoolSelector;
  }

  public void setKataConfigPoolSelector(LabelSelector kataConfigPoolSelector) {
    this.kataConfigPoolSelector = kataConfigPoolSelector;
  }

  public boolean isCheckNodeEligibility() {
    return checkNodeEligibility;
  }

  public void setCheckNodeEligibility(boolean checkNodeEligibility) {
    this.checkNodeEligibility = checkNodeEligibility;
  }

  /** As written by the user; may be invalid until validated (the API server checks the enum). */
  public String getLogLevel() {
    return logLevel;
  }

  public void setLogLevel(String logLevel) {
    this.logLevel = logLevel;
  }

  public boolean isEnablePeerPods() {
    return enablePeerPods;
  }

  public void setEnablePeerPods(boolean enablePeerPods) {
    this.enablePeerPods = enablePeerPods;
  }

  /** The effective level: an absent or empty field means info. Call on a validated spec. */
  public LogLevel effectiveLogLevel() {
    return logLevel == null || logLevel.isEmpty() ? LogLevel.INFO : LogLevel.parse(logLevel);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KataConfigSpec s
        && checkNodeEligibility == s.checkNodeEligibility
        && enablePeerPods == s.enablePeerPods
        && Objects.equals(kataConfigPoolSelector, s.kataConfigPoolSelector)
        && Objects.equals(logLevel, s.logLevel);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kataConfigPoolSelector, checkNodeEligibility, logLevel, enablePeerPods);
  }
}
