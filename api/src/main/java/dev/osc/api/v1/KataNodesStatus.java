package dev.osc.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Per-node progress; node names in each list are sorted. Empty lists are omitted. */
@JsonPropertyOrder({
  "installed",
  "installing",
  "waitingToInstall",
  "failedToInstall",
  "uninstalling",
  "waitingToUninstall",
  "failedToUninstall",
  "nodeCount",
  "readyNodeCount"
})
public class KataNodesStatus {
  @JsonPropertyDescription(
      "Number of nodes that have kata installed, are installing it or are queued for it;"
          + " excludes nodes queued for or in uninstallation.")
  @JsonInclude(JsonInclude.Include.ALWAYS)
  private int nodeCount;

  @JsonPropertyDescription("Number of nodes that have kata installed and can run kata workloads.")
  @JsonInclude(JsonInclude.Include.ALWAYS)
  private int readyNodeCount;

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> installed = new ArrayList<>();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> installing = new ArrayList<>();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> waitingToInstall = new ArrayList<>();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> failedToInstall = new ArrayList<>();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> uninstalling = new ArrayList<>();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> waitingToUninstall = new ArrayList<>();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> failedToUninstall = new ArrayList<>();

  public int getNodeCount() {
    return nodeCount;
  }

  public void setNodeCount(int nodeCount) {
    this.nodeCount = nodeCount;
  }

  public int getReadyNodeCount() {
    return readyNodeCount;
  }

  public void setReadyNodeCount(int readyNodeCount) {
    this.readyNodeCount = readyNodeCount;
  }

  public List<String> getInstalled() {
    return installed;
  }

  public void setInstalled(List<String> installed) {
    this.installed = orEmpty(installed);
  }

  public List<String> getInstalling() {
    return installing;
  }

  public void setInstalling(List<String> installing) {
    this.installing = orEmpty(installing);
  }

  public List<String> getWaitingToInstall() {
    return waitingToInstall;
  }

  public void setWaitingToInstall(List<String> waitingToInstall) {
    this.waitingToInstall = orEmpty(waitingToInstall);
  }

  public List<String> getFailedToInstall() {
    return failedToInstall;
  }

  public void setFailedToInstall(List<String> failedToInstall) {
    this.failedToInstall = orEmpty(failedToInstall);
  }

  public List<String> getUninstalling() {
    return uninstalling;
  }

  public void setUninstalling(List<String> uninstalling) {
    this.uninstalling = orEmpty(uninstalling);
  }

  public List<String> getWaitingToUninstall() {
    return waitingToUninstall;
  }

  public void setWaitingToUninstall(List<String> waitingToUninstall) {
    this.waitingToUninstall = orEmpty(waitingToUninstall);
  }

  public List<String> getFailedToUninstall() {
    return failedToUninstall;
  }

  public void setFailedToUninstall(List<String> failedToUninstall) {
    this.failedToUninstall = orEmpty(failedToUninstall);
  }

  private static List<String> orEmpty(List<String> l) {
    return l == null ? new ArrayList<>() : l;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KataNodesStatus s
        && nodeCount == s.nodeCount
        && readyNodeCount == s.readyNodeCount
        && installed.equals(s.installed)
        && installing.equals(s.installing)
        && waitingToInstall.equals(s.waitingToInstall)
        && failedToInstall.equals(s.failedToInstall)
        && uninstalling.equals(s.uninstalling)
        && waitingToUninstall.equals(s.waitingToUninstall)
        && failedToUninstall.equals(s.failedToUninstall);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        nodeCount,
        readyNodeCount,
        installed,
        installing,
        waitingToInstall,
        failedToInstall,
        uninstalling,
        waitingToUninstall,
        failedToUninstall);
  }
}
