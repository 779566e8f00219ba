package dev.osc.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which row of table 8.1 a whole status document is (the playground labels its output so). */
class Table81Test {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      first document, kata-remote | kata-remote | True | Installing | Performing initial installation of kata-remote on cluster | nodeCount: 0 | Initial installation
      without peer pods           | kata        | True | Installing | Performing initial installation of kata on cluster        | nodeCount: 0 | Initial installation
      wrong runtime in message    | kata        | True | Installing | Performing initial installation of kata-remote on cluster | nodeCount: 0 | -
      both waiting                | kata-remote | True | Installing | Performing initial installation of kata-remote on cluster | nodeCount: 2, waitingToInstall: [worker-0, worker-1] | Installing
      worker-1 first              | kata-remote | True | Installing | m | nodeCount: 2, installing: [worker-1], waitingToInstall: [worker-0] | Installing (Worker-1 installation starting)
      worker-0 first: not the doc | kata-remote | True | Installing | m | nodeCount: 2, installing: [worker-0], waitingToInstall: [worker-1] | -
      one done, next not picked   | kata-remote | True | Installing | m | nodeCount: 2, readyNodeCount: 1, installed: [worker-1], waitingToInstall: [worker-0] | -
      one done, next started      | kata-remote | True | Installing | m | nodeCount: 2, readyNodeCount: 1, installed: [worker-1], installing: [worker-0] | Installing (Worker-1 installed, worker-0 installation started)
      installed                   | kata-remote | False | '' | '' | nodeCount: 2, readyNodeCount: 2, installed: [worker-0, worker-1] | Installed
      installed, stale reason     | kata-remote | False | Installing | '' | nodeCount: 2, readyNodeCount: 2, installed: [worker-0, worker-1] | -
      uninstall begins            | kata-remote | True | Uninstalling | Removing kata-remote from cluster | nodeCount: 0, waitingToUninstall: [worker-0, worker-1] | Initial uninstall
      worker-1 uninstalling       | kata-remote | True | Uninstalling | m | nodeCount: 0, uninstalling: [worker-1], waitingToUninstall: [worker-0] | Uninstalling (worker-1 starts)
      worker-0 uninstalling       | kata-remote | True | Uninstalling | m | nodeCount: 0, uninstalling: [worker-0] | Uninstalling (worker-1 finished, worker-0 starts)
      """)
  void rowOfAWholeDocument(
      String name,
      String runtimeClass,
      String status,
      String reason,
      String message,
      String kataNodes,
      String row) {
    String nodes =
        kataNodes.contains("readyNodeCount") ? kataNodes : kataNodes + ", readyNodeCount: 0";
    @SuppressWarnings("unchecked")
    Map<String, Object> doc =
        YAML.unmarshal(
            """
        conditions:
        - {type: InProgress, status: '%s', reason: '%s', message: '%s'}
        kataNodes: {%s}
        """
                .formatted(status, reason, message, nodes),
            Map.class);
    assertThat(Table81.rowOf(doc, runtimeClass).orElse("-")).isEqualTo(row);
  }
}
