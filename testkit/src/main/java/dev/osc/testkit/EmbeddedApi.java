package dev.osc.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;

/** A Kubernetes API served in this process (mock now, a real kube-apiserver when available). */
public interface EmbeddedApi extends AutoCloseable {
  KubernetesClient client();

  /** Where the API is served, e.g. http://127.0.0.1:40123. */
  String url();

  /** A kubeconfig that kubectl can use as is. */
  default String kubeconfig() {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: osc-playground
          cluster:
            server: %s
        contexts:
        - name: osc-playground
          context:
            cluster: osc-playground
            user: osc-playground
        current-context: osc-playground
        users:
        - name: osc-playground
          user: {}
        """
        .formatted(url());
  }

  @Override
  void close();
}
