package dev.osc.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestCounterTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "GET    | /api/v1/nodes                                | -          | list nodes",
        "GET    | /api/v1/nodes                                | watch=true | watch nodes",
        "GET    | /api/v1/nodes/worker-0                       | -          | get nodes",
        "PATCH  | /api/v1/nodes/worker-0/status                | -          | patch nodes/status",
        "GET    | /api/v1/namespaces/osc/configmaps/cm         | -          | get configmaps",
        "GET    | /api/v1/namespaces/osc/configmaps            | a=b        | list configmaps",
        "POST   | /apis/node.k8s.io/v1/runtimeclasses          | -          | create runtimeclasses",
        "PUT    | /apis/apps/v1/namespaces/osc/daemonsets/caa  | -          | update daemonsets",
        "DELETE | /apis/batch/v1/namespaces/osc/jobs/j         | -          | delete jobs",
        // Discovery is no resource: the path stands for it.
        "GET    | /apis/cert-manager.io/v1 | - | get /apis/cert-manager.io/v1"
      })
  void keysAreTheApiServersVerbAndTheResource(
      String method, String path, String query, String key) {
    assertThat(RequestCounter.key(method, path, query)).isEqualTo(key);
  }
}
