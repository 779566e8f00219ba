package dev.osc.operator.k8s;

import dev.osc.api.v1.KataConfig;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events about a KataConfig, shown by {@code kubectl describe kataconfig}. The
 * KataConfig is cluster-scoped, so its events live in the "default" namespace. Failing to record
 * an event never fails a reconcile.
 */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  public static final String COMPONENT = "sandboxed-containers-operator";
  private static final String NAMESPACE = "default";

  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  public void normal(KataConfig kc, String reason, String message) {
    record(kc, "Normal", reason, message);
  }

  public void warning(KataConfig kc, String reason, String message) {
    record(kc, "Warning", reason, message);
  }

  private void record(KataConfig kc, String type, String reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Event event = new EventBuilder()
        .withNewMetadata()
        .withName(kc.getMetadata().getName() + "."
            + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT))
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(kc.getApiVersion())
        .withKind(kc.getKind())
        .withName(kc.getMetadata().getName())
        .withUid(kc.getMetadata().getUid())
        .endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .build();
    try {
      client.v1().events().inNamespace(NAMESPACE).resource(event).create();
    } catch (RuntimeException e) {
      LOG.warn("could not record event {} {}: {}", reason, message, e.getMessage());
    }
  }
}
