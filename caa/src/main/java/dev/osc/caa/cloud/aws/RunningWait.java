package dev.osc.caa.cloud.aws;

import java.time.Duration;

/**
 * How to wait for a launched instance to run (needed only for its public address, which EC2 assigns
 * then).
 */
record RunningWait(Duration interval, Duration timeout) {
  /** Upstream waits at most 120 s too. */
  static final RunningWait DEFAULT =
      new RunningWait(Duration.ofSeconds(2), Duration.ofSeconds(120));
}
