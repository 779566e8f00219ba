package dev.osc.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PeerPodConfigStatus {
  @JsonPropertyDescription("Every selected node advertises spec.limit.")
  private boolean setupCompleted;

  @JsonPropertyDescription("Why the limit is not applied, when spec.limit is invalid.")
  private String message;

  public PeerPodConfigStatus() {}

  public PeerPodConfigStatus(boolean setupCompleted, String message) {
    this.setupCompleted = setupCompleted;
    this.message = message;
  }

  public boolean isSetupCompleted() {
    return setupCompleted;
  }

  public void setSetupCompleted(boolean setupCompleted) {
    this.setupCompleted = setupCompleted;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerPodConfigStatus s
        && setupCompleted == s.setupCompleted
        && Objects.equals(message, s.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(setupCompleted, message);
  }
}
