package dev.osc.operator.k8s;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** What a failed pass tells the user: the API server's own message when it sent one. */
public final class ApiErrors {
  private ApiErrors() {}

  public static String describe(Exception e) {
    Throwable t = e;
    while (t != null && !(t instanceof KubernetesClientException)) {
      t = t.getCause();
    }
    if (t instanceof KubernetesClientException k
        && k.getStatus() != null
        && k.getStatus().getMessage() != null
        && !k.getStatus().getMessage().isBlank()) {
      return k.getStatus().getMessage() + " (" + k.getCode() + ")";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
