package dev.osc.api;

/**
 * The KataConfig InProgress condition: its reasons and messages, as in the docs' table 8.1; and the
 * admission webhook's refusals of the same rules.
 */
public final class Conditions {
  private Conditions() {}

  public static final String TYPE_IN_PROGRESS = "InProgress";
  public static final String TRUE = "True";
  public static final String FALSE = "False";

  public static final String REASON_INSTALLING = "Installing";
  public static final String REASON_UNINSTALLING = "Uninstalling";
  public static final String REASON_UPDATING = "Updating";
  public static final String REASON_FAILED = "Failed";
  public static final String REASON_BLOCKED = "BlockedByExistingKataPods";
  public static final String REASON_INVALID = "InvalidConfiguration";
  public static final String REASON_INVALID_PEER_PODS = "InvalidPeerPodsConfig";
  public static final String REASON_DUPLICATE = "DuplicateKataConfig";
  public static final String REASON_NO_ELIGIBLE_NODES = "NoEligibleNodes";

  public static String installing(String runtime) {
    return "Performing initial installation of " + runtime + " on cluster";
  }

  public static String uninstalling(String runtime) {
    return "Removing " + runtime + " from cluster";
  }

  public static final String UPDATING = "Adding and/or removing kata-enabled nodes";

  public static String nodeDegraded(String node, String error) {
    return "Node " + node + " Degraded: " + error;
  }

  public static String blockedByPods(String runtimeClass) {
    return "Existing pods using \""
        + runtimeClass
        + "\" RuntimeClass found. Please delete the pods manually for KataConfig deletion to proceed.";
  }

  public static String failedToListPods(String error) {
    return "Failed to list kata pods: " + error;
  }

  /** A pass that failed on the API server (it is retried), with the server's message. */
  public static String reconcileFailed(String error) {
    return "Failed to reconcile: " + error;
  }

  public static String duplicate(String existing) {
    return "A KataConfig instance already exists ("
        + existing
        + "); only one is allowed. This one is ignored: delete it.";
  }

  public static final String NO_ELIGIBLE_NODES =
      "no Nodes with required labels found. Is NFD running?";

  /** The admission webhook's refusal of a second KataConfig (upstream's text, plus the name). */
  public static String duplicateRefused(String existing) {
    return "A KataConfig instance already exists, refusing to create a duplicate (existing: "
        + existing
        + ")";
  }

  public static String failedToListKataConfigs(String error) {
    return "Failed to list KataConfig custom resources: " + error;
  }
}
