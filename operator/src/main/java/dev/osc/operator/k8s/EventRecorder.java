package dev.osc.operator.k8s;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events about our resources, shown by {@code kubectl describe}. An Event's name is
 * derived from what it says (object, type, reason, message, action), so the same Event again bumps
 * {@code count} and {@code lastTimestamp} of the first, as kubectl's event correlation does,
 * instead of piling up copies. Events about a cluster-scoped object (the KataConfig) live in the
 * "default" namespace. Failing to record an event never fails a reconcile.
 */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  public static final String COMPONENT = "sandboxed-containers-operator";
  private static final String CLUSTER_SCOPED_NAMESPACE = "default";

  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void record(HasMetadata obj, EventReason reason, String message) {
    record(obj, reason, message, null);
  }

  /** With the action the Event suggests (shown by {@code kubectl get events -o wide}). */
  public void record(HasMetadata obj, EventReason reason, String message, String action) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    String namespace =
        obj.getMetadata().getNamespace() == null
            ? CLUSTER_SCOPED_NAMESPACE
            : obj.getMetadata().getNamespace();
    String name = name(obj, reason, message, action);
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(obj.getApiVersion())
            .withKind(obj.getKind())
            .withName(obj.getMetadata().getName())
            .withNamespace(obj.getMetadata().getNamespace())
            .withUid(obj.getMetadata().getUid())
            .endInvolvedObject()
            .withType(reason.type().value())
            .withReason(reason.value())
            .withMessage(message)
            .withAction(action)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    var events = client.v1().events().inNamespace(namespace);
    try {
      try {
        events.resource(event).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        Event seen = events.withName(name).get();
        int count = seen == null || seen.getCount() == null ? 1 : seen.getCount();
        // The test guards a concurrent bump; losing one then is as harmless as it is rare.
        events
            .withName(name)
            .patch(
                PatchContext.of(PatchType.JSON),
                client
                    .getKubernetesSerialization()
                    .asJson(
                        List.of(
                            Map.of("op", "test", "path", "/count", "value", count),
                            Map.of("op", "replace", "path", "/count", "value", count + 1),
                            Map.of("op", "replace", "path", "/lastTimestamp", "value", now))));
      }
    } catch (RuntimeException e) {
      LOG.warn("could not record event {} {}: {}", reason.value(), message, e.getMessage());
    }
  }

  /** The involved object's name and a digest of what the Event says. */
  static String name(HasMetadata obj, EventReason reason, String message, String action) {
    String said =
        String.join(
            "\n",
            obj.getKind(),
            String.valueOf(obj.getMetadata().getUid()),
            reason.type().value(),
            reason.value(),
            message,
            String.valueOf(action));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(said.getBytes(StandardCharsets.UTF_8));
      return obj.getMetadata().getName() + "." + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
