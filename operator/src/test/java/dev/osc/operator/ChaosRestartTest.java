package dev.osc.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.v1.KataConfig;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The operator is killed at random moments of an installation and of an uninstallation that starts
 * before the installation finished; every run ends in the same state as an undisturbed one: nothing
 * left behind, and each node disrupted only as often as the work required.
 */
class ChaosRestartTest {
  @ParameterizedTest(name = "openShift={0} seed={1}")
  @CsvSource({"true, 1", "true, 2", "false, 3", "false, 4"})
  void randomKillsConvergeToTheSameEndState(boolean openShift, long seed) throws Exception {
    Random random = new Random(seed);
    try (Harness h = new Harness(openShift, 3, Duration.ofMillis(150))) {
      h.create(LifecycleTest.PLAIN);
      for (int i = 0; i < 3; i++) {
        Thread.sleep(random.nextInt(400));
        h.stopOperator();
        Thread.sleep(random.nextInt(200));
        h.startOperator();
      }
      // Delete while the installation may still be running.
      h.client().resources(KataConfig.class).withName(LifecycleTest.NAME).delete();
      for (int i = 0; i < 3; i++) {
        Thread.sleep(random.nextInt(300));
        h.restartOperator();
      }
      h.awaitGone(LifecycleTest.NAME);
      DocumentedSequenceTest.assertNothingLeft(h);
      for (String node : List.of("worker-0", "worker-1", "worker-2")) {
        // A node is disrupted at most once to get kata and once to lose it.
        assertThat(h.cluster.disruptions(node)).as(node).isLessThanOrEqualTo(openShift ? 2 : 1);
      }
    }
  }
}
