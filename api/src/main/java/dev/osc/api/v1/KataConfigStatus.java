package dev.osc.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KataConfigStatus {
  @JsonPropertyDescription("RuntimeClasses the operator created (kata, kata-remote).")
  @JsonInclude(JsonInclude.Include.ALWAYS)
  private List<String> runtimeClasses = new ArrayList<>();

  private KataNodesStatus kataNodes = new KataNodesStatus();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<KataConfigCondition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  public List<String> getRuntimeClasses() {
    return runtimeClasses;
  }

  public void setRuntimeClasses(List<String> runtimeClasses) {
    this.runtimeClasses = runtimeClasses == null ? new ArrayList<>() : runtimeClasses;
  }

  public KataNodesStatus getKataNodes() {
    return kataNodes;
  }

  public void setKataNodes(KataNodesStatus kataNodes) {
    this.kataNodes = kataNodes == null ? new KataNodesStatus() : kataNodes;
  }

  public List<KataConfigCondition> getConditions() {
    return conditions;
  }

  public void setConditions(List<KataConfigCondition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  /** The condition of the given type, or null. */
  public KataConfigCondition condition(String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KataConfigStatus s
        && runtimeClasses.equals(s.runtimeClasses)
        && kataNodes.equals(s.kataNodes)
        && conditions.equals(s.conditions)
        && Objects.equals(observedGeneration, s.observedGeneration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(runtimeClasses, kataNodes, conditions, observedGeneration);
  }
}
