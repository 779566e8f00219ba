package dev.osc.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.testkit.Await;
import dev.osc.testkit.PodVmImageJobSimulator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pod VM image Jobs on the simulated cluster (AWS peer-pods-cm), with the operator in-process
 * and {@link PodVmImageJobSimulator} running them.
 */
class PodVmImageJobTest {
  static final String NS = Names.OPERATOR_NAMESPACE;
  static final String KC = "example-kataconfig";

  static ConfigMap cm(Harness h) {
    return h.client().configMaps().inNamespace(NS).withName(PeerPodsKeys.CONFIG_MAP).get();
  }

  static String amiId(Harness h) {
    return cm(h).getData().getOrDefault(PeerPodsKeys.PODVM_AMI_ID.name(), "");
  }

  static Job job(Harness h, String name) {
    return h.client().batch().v1().jobs().inNamespace(NS).withName(name).get();
  }

  /** As {@code kubectl get events -n NS --field-selector involvedObject.name=<name>}. */
  static List<Event> events(Harness h, String namespace, String involved) {
    return h.client().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> involved.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  static boolean hasEvent(Harness h, String namespace, String involved, String reason) {
    return events(h, namespace, involved).stream().anyMatch(e -> reason.equals(e.getReason()));
  }

  @Test
  void createdWhenTheIdIsEmptyAndDeletedWithTheKataConfig() {
    try (Harness h = new Harness(true, 1, Duration.ofMillis(100));
        PodVmImageJobSimulator jobs = new PodVmImageJobSimulator(h.client(), NS).start()) {
      h.create(DocumentedSequenceTest.EXAMPLE);
      h.awaitInstalled(KC, 1);
      Await.until(Harness.TIMEOUT, "PODVM_AMI_ID written", () -> !amiId(h).isEmpty());
      Await.until(
          Harness.TIMEOUT,
          "creation Job deleted",
          () -> job(h, Names.JOB_PODVM_IMAGE_CREATION) == null);

      assertThat(jobs.created()).containsExactly(amiId(h));
      assertThat(cm(h).getMetadata().getAnnotations())
          .containsEntry(Names.ANNOTATION_PODVM_IMAGE_CREATED, amiId(h));
      Event done =
          events(h, NS, Names.JOB_PODVM_IMAGE_CREATION).stream()
              .filter(e -> e.getReason().equals("PodVMImageJobCompleted"))
              .findFirst()
              .orElseThrow();
      assertThat(done.getType()).isEqualTo("Normal");
      assertThat(done.getInvolvedObject().getKind()).isEqualTo("Job");
      assertThat(done.getMessage())
          .startsWith("PodVM image job (osc-podvm-image-creation)" + " completed successfully");
      assertThat(hasEvent(h, "default", KC, "PodVMImageJobCompleted")).isTrue();

      String ami = amiId(h);
      h.client().resources(dev.osc.api.v1.KataConfig.class).withName(KC).delete();
      h.awaitGone(KC);

      assertThat(jobs.deleted()).containsExactly(ami);
      assertThat(amiId(h)).isEmpty();
      assertThat(hasEvent(h, NS, Names.JOB_PODVM_IMAGE_DELETION, "PodVMImageJobCompleted"))
          .isTrue();
      assertThat(job(h, Names.JOB_PODVM_IMAGE_DELETION)).isNull();
    }
  }

  @Test
  void aUserProvidedIdIsNeitherReplacedNorDeleted() throws Exception {
    try (Harness h = new Harness(true, 1, Duration.ofMillis(100));
        PodVmImageJobSimulator jobs = new PodVmImageJobSimulator(h.client(), NS).start()) {
      h.client()
          .configMaps()
          .inNamespace(NS)
          .withName(PeerPodsKeys.CONFIG_MAP)
          .edit(
              c -> {
                c.getData().put(PeerPodsKeys.PODVM_AMI_ID.name(), "ami-0123456789abcdef0");
                return c;
              });
      h.create(DocumentedSequenceTest.EXAMPLE);
      h.awaitInstalled(KC, 1);
      h.awaitPassEnded(KC); // the pass that reported the installation looked at the image too
      h.client().resources(dev.osc.api.v1.KataConfig.class).withName(KC).delete();
      h.awaitGone(KC);

      assertThat(jobs.created()).isEmpty();
      assertThat(jobs.deleted()).isEmpty();
      assertThat(amiId(h)).isEqualTo("ami-0123456789abcdef0");
      assertThat(events(h, NS, Names.JOB_PODVM_IMAGE_CREATION)).isEmpty();
      assertThat(events(h, NS, Names.JOB_PODVM_IMAGE_DELETION)).isEmpty();
    }
  }

  @Test
  void aFailedJobIsReportedOnceAndKeptForItsLogs() throws Exception {
    try (Harness h = new Harness(true, 1, Duration.ofMillis(100));
        PodVmImageJobSimulator jobs = new PodVmImageJobSimulator(h.client(), NS).start()) {
      jobs.failNext(Names.JOB_PODVM_IMAGE_CREATION);
      h.create(DocumentedSequenceTest.EXAMPLE);
      h.awaitInstalled(KC, 1);
      Await.until(
          Harness.TIMEOUT,
          "failure reported",
          () -> hasEvent(h, NS, Names.JOB_PODVM_IMAGE_CREATION, "PodVMImageJobFailed"));

      Event failed =
          events(h, NS, Names.JOB_PODVM_IMAGE_CREATION).stream()
              .filter(e -> e.getReason().equals("PodVMImageJobFailed"))
              .findFirst()
              .orElseThrow();
      assertThat(failed.getType()).isEqualTo("Warning");
      assertThat(failed.getMessage())
          .isEqualTo("PodVM image job (osc-podvm-image-creation)" + " failed");
      assertThat(failed.getAction()).isEqualTo("Check the logs for the job");
      String uid = job(h, Names.JOB_PODVM_IMAGE_CREATION).getMetadata().getUid();

      // Not retried by itself, not reported again, even by a new operator.
      h.restartOperatorAndAwaitPass(KC);
      assertThat(job(h, Names.JOB_PODVM_IMAGE_CREATION).getMetadata().getUid()).isEqualTo(uid);
      assertThat(
              events(h, NS, Names.JOB_PODVM_IMAGE_CREATION).stream()
                  .filter(e -> e.getReason().equals("PodVMImageJobFailed")))
          .singleElement()
          .satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
      assertThat(jobs.created()).isEmpty();

      // Deleting the Job asks for another attempt.
      h.client()
          .batch()
          .v1()
          .jobs()
          .inNamespace(NS)
          .withName(Names.JOB_PODVM_IMAGE_CREATION)
          .delete();
      Await.until(Harness.TIMEOUT, "PODVM_AMI_ID written", () -> !amiId(h).isEmpty());
      assertThat(jobs.created()).containsExactly(amiId(h));
    }
  }

  @Test
  void unsupportedImageKeysAreWarnedOncePerChange() throws Exception {
    try (Harness h = new Harness(true, 1, Duration.ofMillis(100));
        PodVmImageJobSimulator jobs = new PodVmImageJobSimulator(h.client(), NS).start()) {
      h.client()
          .resource(
              new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("aws-podvm-image-cm")
                  .withNamespace(NS)
                  .endMetadata()
                  .withData(
                      java.util.Map.of(
                          "AMI_BASE_NAME", "podvm-image",
                          "INSTALL_PACKAGES", "no",
                          "PODVM_DISTRO", "rhel",
                          "BUCKT_NAME", "typo"))
                  .build())
          .create();
      h.create(DocumentedSequenceTest.EXAMPLE);
      h.awaitInstalled(KC, 1);
      Await.until(Harness.TIMEOUT, "PODVM_AMI_ID written", () -> !amiId(h).isEmpty());
      h.awaitPassEnded(KC);

      List<Event> warned = events(h, NS, "aws-podvm-image-cm");
      assertThat(warned)
          .extracting(Event::getType, Event::getReason, Event::getMessage, Event::getCount)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(
                  "Warning",
                  "UnsupportedPodVMImageKey",
                  "BUCKT_NAME is not supported by this operator: it is not a key of"
                      + " aws-podvm-image-cm",
                  1),
              org.assertj.core.groups.Tuple.tuple(
                  "Warning",
                  "UnsupportedPodVMImageKey",
                  "PODVM_DISTRO is not supported by this operator: osc builds no pod VM image;"
                      + " it uses the prebuilt disk of PODVM_IMAGE_URI as it is",
                  1));
      assertThat(warned.get(0).getInvolvedObject().getKind()).isEqualTo("ConfigMap");

      // A change is checked again: the new key is warned, the others once more.
      h.client()
          .configMaps()
          .inNamespace(NS)
          .withName("aws-podvm-image-cm")
          .edit(
              c -> {
                c.getData().put("SE_BOOT", "true");
                return c;
              });
      Await.until(
          Harness.TIMEOUT,
          "SE_BOOT warned",
          () ->
              events(h, NS, "aws-podvm-image-cm").stream()
                  .anyMatch(e -> e.getMessage().startsWith("SE_BOOT is not supported")));
      h.awaitPassEnded(KC);
      assertThat(events(h, NS, "aws-podvm-image-cm"))
          .hasSize(3)
          .filteredOn(e -> e.getMessage().startsWith("BUCKT_NAME"))
          .singleElement()
          .satisfies(e -> assertThat(e.getCount()).isEqualTo(2));
    }
  }
}
