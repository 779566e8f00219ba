package dev.osc.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PeerPodStatus {
  @JsonPropertyDescription("The VM has been deleted.")
  private boolean cleaned;

  public PeerPodStatus() {}

  public PeerPodStatus(boolean cleaned) {
    this.cleaned = cleaned;
  }

  public boolean isCleaned() {
    return cleaned;
  }

  public void setCleaned(boolean cleaned) {
    this.cleaned = cleaned;
  }
}
