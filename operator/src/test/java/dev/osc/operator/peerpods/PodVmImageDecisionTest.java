package dev.osc.operator.peerpods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.operator.peerpods.PodVmImageDecision.Action;
import dev.osc.operator.peerpods.PodVmImageDecision.JobState;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodVmImageDecisionTest {
  @ParameterizedTest(name = "job {0}, reported {1}, goal reached {2} -> {3}")
  @CsvSource({
    // no Job: start one unless the goal already holds (id set / nothing of ours to delete)
    "ABSENT,    false, false, CREATE_JOB",
    "ABSENT,    false, true,  NOTHING",
    // running: wait, whatever peer-pods-cm says (the Job may be writing it)
    "RUNNING,   false, false, WAIT",
    "RUNNING,   false, true,  WAIT",
    // succeeded: report and delete; without effect (UPDATE_PEERPODS_CM=no): report once, keep
    "SUCCEEDED, false, true,  REPORT_COMPLETED",
    "SUCCEEDED, false, false, REPORT_FAILED",
    "SUCCEEDED, true,  false, NOTHING",
    // failed: report once and keep for its logs, never retried by itself
    "FAILED,    false, false, REPORT_FAILED",
    "FAILED,    true,  false, NOTHING",
    // failed but the user set the id meanwhile: the Job is obsolete
    "FAILED,    true,  true,  REMOVE_JOB",
    "FAILED,    false, true,  REMOVE_JOB",
  })
  void next(JobState job, boolean reported, boolean goalReached, Action expected) {
    assertThat(PodVmImageDecision.next(job, reported, goalReached)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "CREATE_JOB, false",
    "WAIT, false",
    "NOTHING, true",
    "REPORT_COMPLETED, true",
    "REPORT_FAILED, true",
    "REMOVE_JOB, true"
  })
  void uninstallGoesOnOnceTheJobEnded(Action action, boolean finished) {
    assertThat(action.finished()).isEqualTo(finished);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "-,        -,     RUNNING",
        "Complete, True,  SUCCEEDED",
        "Failed,   True,  FAILED",
        "Failed,   False, RUNNING",
        "Suspended, True, RUNNING"
      })
  void stateFromTheJobControllersConditions(String type, String status, JobState expected) {
    var job = new JobBuilder().withNewMetadata().withName("j").endMetadata();
    if (type != null) {
      job.withNewStatus()
          .addNewCondition()
          .withType(type)
          .withStatus(status)
          .endCondition()
          .endStatus();
    }
    assertThat(PodVmImageDecision.state(job.build())).isEqualTo(expected);
    assertThat(PodVmImageDecision.state(null)).isEqualTo(JobState.ABSENT);
  }
}
