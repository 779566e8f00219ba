package dev.osc.operator.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events about our resources, shown by {@code kubectl describe}. Events about a
 * cluster-scoped object (the KataConfig) live in the "default" namespace. Failing to record an
 * event never fails a reconcile.
 */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  public static final String COMPONENT = "sandboxed-containers-operator";
  private static final String CLUSTER_SCOPED_NAMESPACE = "default";

  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  public void normal(HasMetadata obj, String reason, String message) {
    record(obj, "Normal", reason, message, null);
  }

  public void warning(HasMetadata obj, String reason, String message) {
    record(obj, "Warning", reason, message, null);
  }

  /** With the action the Event suggests (shown by {@code kubectl get events -o wide}). */
  public void record(HasMetadata obj, String type, String reason, String message,
      String action) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String namespace = obj.getMetadata().getNamespace() == null
        ? CLUSTER_SCOPED_NAMESPACE : obj.getMetadata().getNamespace();
    Event event = new EventBuilder()
        .withNewMetadata()
        .withName(obj.getMetadata().getName() + "."
            + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT))
        .withNamespace(namespace)
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(obj.getApiVersion())
        .withKind(obj.getKind())
        .withName(obj.getMetadata().getName())
        .withNamespace(obj.getMetadata().getNamespace())
        .withUid(obj.getMetadata().getUid())
        .endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withAction(action)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (RuntimeException e) {
      LOG.warn("could not record event {} {}: {}", reason, message, e.getMessage());
    }
  }
}
