package dev.osc.testkit;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Table 8.1 of the documentation ("KataConfig status messages", a cluster with two workers and peer
 * pods), and how to check that recorded status documents follow it.
 */
public final class Table81 {
  private Table81() {}

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  public static final List<String> INSTALL =
      List.of(
          """
      conditions:
      - message: Performing initial installation of kata-remote on cluster
        reason: Installing
        status: 'True'
        type: InProgress
      kataNodes:
        nodeCount: 0
        readyNodeCount: 0
      """,
          """
      kataNodes:
        nodeCount: 2
        readyNodeCount: 0
        waitingToInstall:
        - worker-0
        - worker-1
      """,
          """
      kataNodes:
        installing:
        - worker-1
        nodeCount: 2
        readyNodeCount: 0
        waitingToInstall:
        - worker-0
      """,
          """
      kataNodes:
        installed:
        - worker-1
        installing:
        - worker-0
        nodeCount: 2
        readyNodeCount: 1
      """,
          """
      conditions:
      - message: ""
        reason: ""
        status: 'False'
        type: InProgress
      kataNodes:
        installed:
        - worker-0
        - worker-1
        nodeCount: 2
        readyNodeCount: 2
      """);

  public static final List<String> UNINSTALL =
      List.of(
          """
      conditions:
      - message: Removing kata-remote from cluster
        reason: Uninstalling
        status: 'True'
        type: InProgress
      kataNodes:
        nodeCount: 0
        readyNodeCount: 0
        waitingToUninstall:
        - worker-0
        - worker-1
      """,
          """
      kataNodes:
        nodeCount: 0
        readyNodeCount: 0
        uninstalling:
        - worker-1
        waitingToUninstall:
        - worker-0
      """,
          """
      kataNodes:
        nodeCount: 0
        readyNodeCount: 0
        uninstalling:
        - worker-0
      """);

  /** The table's name for each document of {@link #INSTALL}, in order. */
  public static final List<String> INSTALL_ROWS =
      List.of(
          "Initial installation",
          "Installing",
          "Installing (Worker-1 installation starting)",
          "Installing (Worker-1 installed, worker-0 installation started)",
          "Installed");

  /** The table's name for each document of {@link #UNINSTALL}, in order. */
  public static final List<String> UNINSTALL_ROWS =
      List.of(
          "Initial uninstall",
          "Uninstalling (worker-1 starts)",
          "Uninstalling (worker-1 finished, worker-0 starts)");

  /**
   * The row of the table that {@code doc} is, if any, for a KataConfig whose runtime class is
   * {@code runtimeClass} (the table shows kata-remote; without peer pods the messages name kata).
   */
  @SuppressWarnings("unchecked")
  public static Optional<String> rowOf(Map<String, Object> doc, String runtimeClass) {
    for (var rows :
        List.of(Map.entry(INSTALL, INSTALL_ROWS), Map.entry(UNINSTALL, UNINSTALL_ROWS))) {
      for (int i = 0; i < rows.getKey().size(); i++) {
        String yaml = rows.getKey().get(i).replace("kata-remote", runtimeClass);
        if (matches(doc, YAML.unmarshal(yaml, Map.class))) {
          return Optional.of(rows.getValue().get(i));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The documented documents not found in order among {@code actual}; empty when they all are. An
   * expected document that names no condition leaves the condition unchecked, as the table does.
   */
  @SuppressWarnings("unchecked")
  public static List<String> missing(List<Map<String, Object>> actual, List<String> expectedYaml) {
    int at = 0;
    List<String> missing = new ArrayList<>();
    for (String yaml : expectedYaml) {
      Map<String, Object> expected = YAML.unmarshal(yaml, Map.class);
      int found = -1;
      for (int i = at; i < actual.size() && found < 0; i++) {
        if (matches(actual.get(i), expected)) {
          found = i;
        }
      }
      if (found < 0) {
        missing.add(yaml);
      } else {
        at = found + 1;
      }
    }
    return missing;
  }

  /** The documents as YAML, for failure messages. */
  public static String show(List<Map<String, Object>> documents) {
    return YAML.asYaml(documents);
  }

  private static boolean matches(Map<String, Object> actual, Map<String, Object> expected) {
    return expected.entrySet().stream()
        .allMatch(e -> Objects.equals(e.getValue(), actual.get(e.getKey())));
  }
}
