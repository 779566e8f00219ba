package dev.osc.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.v1.KataConfig;
import dev.osc.testkit.Soak;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator is killed at random moments of an installation and of an uninstallation that starts
 * before the installation finished; every run ends in the same state as an undisturbed one: nothing
 * left behind, and each node disrupted only as often as the work required. The ordinary test run
 * does 4 seeds (24 kills, both platforms); scripts/soak.sh raises them with {@code
 * -Dosc.soak.operatorSeeds}.
 */
class ChaosRestartTest {
  private static final int KILLS_PER_PHASE = 3;
  private static final AtomicLong RUNS = new AtomicLong();
  private static final AtomicLong KILLS_OPENSHIFT = new AtomicLong();
  private static final AtomicLong KILLS_KUBERNETES = new AtomicLong();
  private static final AtomicLong STRAY = new AtomicLong();
  private static final AtomicLong EXTRA_DISRUPTIONS = new AtomicLong();

  /** Seeds 1..N, two OpenShift then two plain Kubernetes, and so on. */
  static Stream<Arguments> seeds() {
    return IntStream.rangeClosed(1, Soak.count("operatorSeeds", 4))
        .mapToObj(seed -> Arguments.of((seed - 1) % 4 < 2, (long) seed));
  }

  @ParameterizedTest(name = "openShift={0} seed={1}")
  @MethodSource("seeds")
  void randomKillsConvergeToTheSameEndState(boolean openShift, long seed) throws Exception {
    Random random = new Random(seed);
    AtomicLong kills = openShift ? KILLS_OPENSHIFT : KILLS_KUBERNETES;
    try (Harness h = new Harness(openShift, 3, Duration.ofMillis(150))) {
      h.create(LifecycleTest.PLAIN);
      for (int i = 0; i < KILLS_PER_PHASE; i++) {
        Thread.sleep(random.nextInt(400));
        h.stopOperator();
        kills.incrementAndGet();
        Thread.sleep(random.nextInt(200));
        h.startOperator();
      }
      // Delete while the installation may still be running.
      h.client().resources(KataConfig.class).withName(LifecycleTest.NAME).delete();
      for (int i = 0; i < KILLS_PER_PHASE; i++) {
        Thread.sleep(random.nextInt(300));
        h.restartOperator();
        kills.incrementAndGet();
      }
      h.awaitGone(LifecycleTest.NAME);
      RUNS.incrementAndGet();
      List<String> left = DocumentedSequenceTest.leftovers(h);
      STRAY.addAndGet(left.size());
      assertThat(left).as("left behind").isEmpty();
      for (String node : List.of("worker-0", "worker-1", "worker-2")) {
        // A node is disrupted at most once to get kata and once to lose it.
        int allowed = openShift ? 2 : 1;
        EXTRA_DISRUPTIONS.addAndGet(Math.max(0, h.cluster.disruptions(node) - allowed));
        assertThat(h.cluster.disruptions(node)).as(node).isLessThanOrEqualTo(allowed);
      }
    }
  }

  @AfterAll
  static void report() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("runs", RUNS.get());
    counts.put("kills", KILLS_OPENSHIFT.get() + KILLS_KUBERNETES.get());
    counts.put("killsOpenShift", KILLS_OPENSHIFT.get());
    counts.put("killsKubernetes", KILLS_KUBERNETES.get());
    counts.put("strayObjects", STRAY.get());
    counts.put("extraDisruptions", EXTRA_DISRUPTIONS.get());
    Soak.report("operator", counts);
  }
}
