package dev.osc.operator.peerpods;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

/**
 * What to do about a pod VM image Job, creation or deletion alike, from the Job's state and whether
 * its goal holds in peer-pods-cm (creation: the id key is set; deletion: the key no longer holds an
 * image we made).
 *
 * <p>A failed Job, or one that completed without reaching its goal, is reported once and kept: its
 * pod's logs are what the documentation's troubleshooting reads, and while it exists no new Job is
 * started, so a broken configuration is not retried endlessly. Deleting the Job asks for a new
 * attempt.
 */
public final class PodVmImageDecision {
  public enum JobState {
    ABSENT,
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  public enum Action {
    /** Goal holds and no Job is around, or the outcome was already reported. */
    NOTHING,
    /** Start the Job, then wait. */
    CREATE_JOB,
    /** The Job runs: look again later. */
    WAIT,
    /** Succeeded: report it and delete the Job. */
    REPORT_COMPLETED,
    /** Failed, or completed with the goal not reached: report it once and keep the Job. */
    REPORT_FAILED,
    /** A failed Job whose goal was reached some other way (the user set the id): delete it. */
    REMOVE_JOB;

    /** Whether an uninstall may go on: the deletion Job has ended one way or another. */
    public boolean finished() {
      return this != CREATE_JOB && this != WAIT;
    }
  }

  private PodVmImageDecision() {}

  public static Action next(JobState job, boolean reported, boolean goalReached) {
    return switch (job) {
      case ABSENT -> goalReached ? Action.NOTHING : Action.CREATE_JOB;
      case RUNNING -> Action.WAIT;
      case SUCCEEDED ->
          goalReached ? Action.REPORT_COMPLETED : reported ? Action.NOTHING : Action.REPORT_FAILED;
      case FAILED ->
          goalReached ? Action.REMOVE_JOB : reported ? Action.NOTHING : Action.REPORT_FAILED;
    };
  }

  /** The Job controller's verdict: condition Complete or Failed, else it still runs. */
  public static JobState state(Job job) {
    if (job == null) {
      return JobState.ABSENT;
    }
    if (job.getStatus() != null && job.getStatus().getConditions() != null) {
      for (JobCondition c : job.getStatus().getConditions()) {
        if ("True".equals(c.getStatus()) && "Complete".equals(c.getType())) {
          return JobState.SUCCEEDED;
        }
        if ("True".equals(c.getStatus()) && "Failed".equals(c.getType())) {
          return JobState.FAILED;
        }
      }
    }
    return JobState.RUNNING;
  }
}
