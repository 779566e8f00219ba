package dev.osc.operator.k8s;

import dev.osc.api.Names;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.PodVmImageKeys;
import dev.osc.api.peerpods.Provider;
import dev.osc.api.peerpods.UnsupportedImageKeys;
import dev.osc.api.v1.KataConfig;
import dev.osc.operator.peerpods.PodVmImageDecision;
import dev.osc.operator.peerpods.PodVmImageDecision.Action;
import dev.osc.operator.peerpods.PodVmImageDecision.JobState;
import dev.osc.operator.peerpods.PodVmImageJobModel;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pod VM image Jobs ({@link PodVmImageJobModel}) as {@link PodVmImageDecision} says, and
 * tells of their outcome with Events on the Job (what the documentation's troubleshooting lists)
 * and on the KataConfig. The Job writes the id into peer-pods-cm, not the operator.
 *
 * <p>A finished Job is deleted in the background, so its pod goes too (upstream orphans the pod to
 * keep its logs); a failed Job is kept with its pod for {@code kubectl logs}.
 */
public final class PodVmImageJobs {
  private static final Logger LOG = LoggerFactory.getLogger(PodVmImageJobs.class);

  /** Upstream's requeue while a Job runs; the Job watch usually wakes the operator sooner. */
  public static final Duration POLL = Duration.ofSeconds(15);

  private static final String CHECK_LOGS = "Check the logs for the job";
  private static final String CHECK_CM = "Check the pod vm image details in peer-pods-cm configmap";

  /** The image ConfigMaps, watched by name (read only): their keys are checked. */
  public static final Kind<ConfigMap> AWS_IMAGE_CONFIG_MAP =
      Kind.named(ConfigMap.class, true, PodVmImageKeys.AWS_PODVM_IMAGE_CM, null);

  public static final Kind<ConfigMap> LIBVIRT_IMAGE_CONFIG_MAP =
      Kind.named(ConfigMap.class, true, PodVmImageKeys.LIBVIRT_PODVM_IMAGE_CM, null);

  /** The image Jobs, watched by their label; a Job is never updated, only made or removed. */
  public static final Kind<Job> KIND =
      Kind.namespaced(
          "Job", Job.class, PodVmImageJobModel.LABEL_JOB, job -> job.getMetadata().getName());

  private final KubernetesClient client;
  private final Applier applier;
  private final Caches caches;
  private final String namespace;
  private final String image;
  private final EventRecorder events;

  /**
   * Image ConfigMap name to the uid/resourceVersion whose unsupported keys were reported: once per
   * change, not every pass (a restarted operator reports them once more).
   */
  private final Map<String, String> keysReported = new ConcurrentHashMap<>();

  public PodVmImageJobs(
      KubernetesClient client,
      Applier applier,
      String namespace,
      String image,
      EventRecorder events) {
    this.client = client;
    this.applier = applier;
    this.caches = applier.caches();
    this.namespace = namespace;
    this.image = image;
    this.events = events;
  }

  /**
   * Peer pods on: makes the image when the provider's id key is empty. Returns how long to wait
   * before looking again while a Job runs.
   */
  public Optional<Duration> ensureImage(KataConfig kc) {
    ConfigMap cm = configMap();
    Optional<String> key = imageIdKey(cm);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    boolean idSet = !data(cm, key.get()).isEmpty();
    Provider.fromValue(data(cm, PeerPodsKeys.CLOUD_PROVIDER.name()))
        .ifPresent(this::reportUnsupportedKeys);
    Job job = job(Names.JOB_PODVM_IMAGE_CREATION);
    JobState state = PodVmImageDecision.state(job);
    Action action = PodVmImageDecision.next(state, reported(job), idSet);
    switch (action) {
      case CREATE_JOB -> {
        create(PodVmImageJobModel.creation(namespace, image));
        events.record(
            kc,
            EventReason.IMAGE_JOB_RUNNING,
            "PodVM image job ("
                + Names.JOB_PODVM_IMAGE_CREATION
                + ") is running: "
                + key.get()
                + " is empty in "
                + PeerPodsKeys.CONFIG_MAP);
      }
      case REPORT_COMPLETED -> completed(kc, job, key.get() + "=" + data(cm, key.get()));
      case REPORT_FAILED ->
          failed(
              kc,
              job,
              state == JobState.FAILED
                  ? ""
                  : ": it completed but "
                      + key.get()
                      + " is still empty in "
                      + PeerPodsKeys.CONFIG_MAP
                      + " ("
                      + PodVmImageKeys.UPDATE_PEERPODS_CM
                      + "=no? then set it yourself)");
      case REMOVE_JOB -> delete(Names.JOB_PODVM_IMAGE_CREATION);
      case NOTHING, WAIT -> {}
    }
    return action.finished() ? Optional.empty() : Optional.of(POLL);
  }

  /**
   * Uninstall: deletes the image if the creation Job made it and peer-pods-cm still uses it; true
   * once there is nothing (more) to wait for. A user-provided id is never deleted.
   */
  public boolean removeImage(KataConfig kc) {
    delete(Names.JOB_PODVM_IMAGE_CREATION);
    ConfigMap cm = configMap();
    Optional<String> key = imageIdKey(cm);
    if (key.isEmpty()) {
      return true;
    }
    String id = data(cm, key.get());
    String mark =
        cm.getMetadata().getAnnotations() == null
            ? null
            : cm.getMetadata().getAnnotations().get(Names.ANNOTATION_PODVM_IMAGE_CREATED);
    boolean ours = !id.isEmpty() && id.equals(mark);
    Job job = job(Names.JOB_PODVM_IMAGE_DELETION);
    Action action = PodVmImageDecision.next(PodVmImageDecision.state(job), reported(job), !ours);
    switch (action) {
      case CREATE_JOB ->
          create(
              PodVmImageJobModel.deletion(
                  namespace,
                  image,
                  // A provider with an image id key is a known one.
                  Provider.fromValue(data(cm, PeerPodsKeys.CLOUD_PROVIDER.name())).orElseThrow(),
                  id));
      case REPORT_COMPLETED -> completed(kc, job, "deleted; " + key.get() + " cleared");
      case REPORT_FAILED -> failed(kc, job, ours ? ": the image " + id + " is left" : "");
      case REMOVE_JOB -> delete(Names.JOB_PODVM_IMAGE_DELETION);
      case NOTHING, WAIT -> {}
    }
    return action.finished();
  }

  /**
   * A Warning Event on the provider's image ConfigMap for each key the Job does not honour ({@link
   * UnsupportedImageKeys}), when the ConfigMap is new or changed.
   */
  private void reportUnsupportedKeys(Provider provider) {
    Kind<ConfigMap> kind =
        switch (provider) {
          case AWS -> AWS_IMAGE_CONFIG_MAP;
          case LIBVIRT -> LIBVIRT_IMAGE_CONFIG_MAP;
          case LOCAL -> null;
        };
    if (kind == null) {
      return;
    }
    ConfigMap cm = caches.get(kind, namespace, kind.onlyName()).orElse(null);
    if (cm == null) {
      keysReported.remove(kind.onlyName());
      return;
    }
    String version = cm.getMetadata().getUid() + "/" + cm.getMetadata().getResourceVersion();
    if (version.equals(keysReported.put(kind.onlyName(), version))) {
      return;
    }
    Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
    for (UnsupportedImageKeys.Finding f : UnsupportedImageKeys.of(provider, data)) {
      events.record(cm, EventReason.UNSUPPORTED_IMAGE_KEY, f.message());
    }
  }

  /** Peer pods off: a creation Job still around is no longer wanted. */
  public void removeCreationJob() {
    delete(Names.JOB_PODVM_IMAGE_CREATION);
  }

  private void completed(KataConfig kc, Job job, String detail) {
    String message =
        "PodVM image job (" + job.getMetadata().getName() + ") completed successfully: " + detail;
    events.record(job, EventReason.IMAGE_JOB_COMPLETED, message, CHECK_CM);
    events.record(kc, EventReason.IMAGE_JOB_COMPLETED, message, CHECK_CM);
    delete(job.getMetadata().getName());
  }

  private void failed(KataConfig kc, Job job, String detail) {
    String message = "PodVM image job (" + job.getMetadata().getName() + ") failed" + detail;
    events.record(job, EventReason.IMAGE_JOB_FAILED, message, CHECK_LOGS);
    events.record(kc, EventReason.IMAGE_JOB_FAILED, message, CHECK_LOGS);
    LOG.warn("{}; kept for its logs, delete it to try again", message);
    // A single-key patch, not an update: the Job controller writes the Job all along.
    Job marked =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .withName(job.getMetadata().getName())
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                client
                    .getKubernetesSerialization()
                    .asJson(
                        Map.of(
                            "metadata",
                            Map.of("annotations", Map.of(Names.ANNOTATION_JOB_REPORTED, "true")))));
    caches.written(KIND, marked, job);
  }

  private void create(Job job) {
    applier.apply(KIND, namespace, job.getMetadata().getName(), job);
  }

  private void delete(String name) {
    applier.delete(KIND, namespace, name);
  }

  private Job job(String name) {
    return caches.get(KIND, namespace, name).orElse(null);
  }

  private ConfigMap configMap() {
    return caches
        .get(PeerPodsDeployment.CONFIG_MAP, namespace, PeerPodsKeys.CONFIG_MAP)
        .orElse(null);
  }

  private static Optional<String> imageIdKey(ConfigMap cm) {
    return cm == null
        ? Optional.empty()
        : Provider.imageIdKeyOf(data(cm, PeerPodsKeys.CLOUD_PROVIDER.name()));
  }

  private static String data(ConfigMap cm, String key) {
    String v = cm.getData() == null ? null : cm.getData().get(key);
    return v == null ? "" : v.trim();
  }

  private static boolean reported(Job job) {
    return job != null
        && job.getMetadata().getAnnotations() != null
        && "true".equals(job.getMetadata().getAnnotations().get(Names.ANNOTATION_JOB_REPORTED));
  }
}
