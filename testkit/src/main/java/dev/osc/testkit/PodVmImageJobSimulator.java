package dev.osc.testkit;

import dev.osc.api.Names;
import dev.osc.api.peerpods.Key;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.PodVmImageKeys;
import dev.osc.api.peerpods.Provider;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Stands in for the Job controller, the kubelet and {@code osc podvm-image} for the pod VM image
 * Jobs ({@code osc-podvm-image-creation} / {@code -deletion}) of a cluster without nodes. It
 * mirrors what the operator relies on:
 *
 * <ul>
 *   <li>a Job's one pod runs for {@link #runFor} while the Job has {@code status.active=1} and no
 *       conditions;
 *   <li>the creation Job's command does what {@code osc podvm-image create} does: if the provider's
 *       id key in peer-pods-cm is empty it makes an image (an {@code ami-<17 hex>} id for aws, the
 *       {@code IMAGE_NAME} volume for libvirt) and writes the id and the creation mark ({@link
 *       Names#ANNOTATION_PODVM_IMAGE_CREATED}) into peer-pods-cm; otherwise it skips;
 *   <li>the deletion Job's command deletes the id of its {@code AMI_ID} / {@code LIBVIRT_IMAGE_ID}
 *       env entry only when it equals the id in peer-pods-cm, then clears the key and the mark;
 *       otherwise it exits non-zero;
 *   <li>the Job controller then sets {@code succeeded=1} with condition {@code Complete=True}, or,
 *       after a failed pod (scripted with {@link #failNext}, or a refused deletion), {@code
 *       failed=1} with {@code Failed=True} reason {@code BackoffLimitExceeded}.
 * </ul>
 *
 * <p>Not simulated: the retry that backoffLimit 1 allows (a scripted failure fails the Job), pods
 * and their logs.
 */
public final class PodVmImageJobSimulator extends TickingSimulator {
  private static final Set<String> JOBS =
      Set.of(Names.JOB_PODVM_IMAGE_CREATION, Names.JOB_PODVM_IMAGE_DELETION);

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
  private final Set<String> failing = ConcurrentHashMap.newKeySet();
  private final List<String> created = new CopyOnWriteArrayList<>();
  private final List<String> deleted = new CopyOnWriteArrayList<>();
  private volatile Duration runFor = Duration.ofMillis(200);

  public PodVmImageJobSimulator(KubernetesClient client, String namespace) {
    super("podvm-image-jobs");
    this.client = client;
    this.namespace = namespace;
  }

  public PodVmImageJobSimulator start() {
    startTicking();
    return this;
  }

  /** How long a Job's pod runs before it ends. */
  public PodVmImageJobSimulator runFor(Duration duration) {
    runFor = duration;
    return this;
  }

  /** The next run of this Job (by name) fails without touching the cloud or peer-pods-cm. */
  public void failNext(String jobName) {
    failing.add(jobName);
  }

  /** Image ids made by creation Jobs, in order. */
  public List<String> created() {
    return List.copyOf(created);
  }

  /** Image ids deleted by deletion Jobs, in order. */
  public List<String> deleted() {
    return List.copyOf(deleted);
  }

  @Override
  void tick() {
    for (Job job : client.batch().v1().jobs().inNamespace(namespace).list().getItems()) {
      String name = job.getMetadata().getName();
      String uid = job.getMetadata().getUid();
      if (!JOBS.contains(name) || finished(job)) {
        continue;
      }
      long now = System.nanoTime();
      Long started = startedAt.putIfAbsent(uid, now);
      if (started == null) {
        setStatus(
            job,
            new JobStatusBuilder().withActive(1).withStartTime(Instant.now().toString()).build());
        continue;
      }
      if (now - started < runFor.toNanos()) {
        continue;
      }
      boolean ok =
          !failing.remove(name)
              && (name.equals(Names.JOB_PODVM_IMAGE_CREATION) ? create() : delete(job));
      String time = Instant.now().toString();
      setStatus(
          job,
          new JobStatusBuilder()
              .withActive(0)
              .withSucceeded(ok ? 1 : 0)
              .withFailed(ok ? 0 : 1)
              .withStartTime(job.getStatus() == null ? time : job.getStatus().getStartTime())
              .withCompletionTime(ok ? time : null)
              .withConditions(
                  new JobConditionBuilder()
                      .withType(ok ? "Complete" : "Failed")
                      .withStatus("True")
                      .withReason(ok ? null : "BackoffLimitExceeded")
                      .withMessage(ok ? null : "Job has reached the specified backoff limit")
                      .withLastTransitionTime(time)
                      .withLastProbeTime(time)
                      .build())
              .build());
    }
  }

  private boolean create() {
    ConfigMap cm = configMap();
    Provider provider =
        Provider.fromValue(cm.getData().getOrDefault(PeerPodsKeys.CLOUD_PROVIDER.name(), ""))
            .orElse(null);
    String key = provider == null ? null : provider.imageIdKey().map(Key::name).orElse(null);
    if (key == null) {
      return false;
    }
    if (!cm.getData().getOrDefault(key, "").isBlank()) {
      return true;
    }
    String id = provider == Provider.AWS ? "ami-" + hex(17) : "podvm-base.qcow2";
    created.add(id);
    write(key, id);
    return true;
  }

  private boolean delete(Job job) {
    ConfigMap cm = configMap();
    String key =
        Provider.imageIdKeyOf(cm.getData().getOrDefault(PeerPodsKeys.CLOUD_PROVIDER.name(), ""))
            .orElse(null);
    String id =
        job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
            .filter(e -> e.getName().equals(PodVmImageKeys.AMI_ID) || e.getName().equals(key))
            .map(EnvVar::getValue)
            .findFirst()
            .orElse("");
    if (key == null || id.isEmpty() || !id.equals(cm.getData().get(key))) {
      return false;
    }
    deleted.add(id);
    write(key, null);
    return true;
  }

  private void write(String key, String id) {
    client
        .configMaps()
        .inNamespace(namespace)
        .withName(PeerPodsKeys.CONFIG_MAP)
        .edit(
            cm -> {
              Map<String, String> annotations =
                  cm.getMetadata().getAnnotations() == null
                      ? new HashMap<>()
                      : new HashMap<>(cm.getMetadata().getAnnotations());
              if (id == null) {
                annotations.remove(Names.ANNOTATION_PODVM_IMAGE_CREATED);
              } else {
                annotations.put(Names.ANNOTATION_PODVM_IMAGE_CREATED, id);
              }
              cm.getMetadata().setAnnotations(annotations);
              cm.getData().put(key, id == null ? "" : id);
              return cm;
            });
  }

  private ConfigMap configMap() {
    return client.configMaps().inNamespace(namespace).withName(PeerPodsKeys.CONFIG_MAP).get();
  }

  private void setStatus(Job job, io.fabric8.kubernetes.api.model.batch.v1.JobStatus status) {
    job.setStatus(status);
    client.batch().v1().jobs().inNamespace(namespace).resource(job).updateStatus();
  }

  private static boolean finished(Job job) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && !job.getStatus().getConditions().isEmpty();
  }

  private static String hex(int digits) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < digits; i++) {
      s.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
    }
    return s.toString();
  }
}
