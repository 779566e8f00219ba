package dev.osc.operator.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Conditions;
import dev.osc.api.v1.KataConfig;
import dev.osc.testkit.MockApi;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventRecorderTest {
  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-12-06T10:00:00.400Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private static KataConfig kataConfig() {
    KataConfig kc = new KataConfig();
    kc.getMetadata().setName("example-kataconfig");
    kc.getMetadata().setUid("0b6c1c3e-1111-2222-3333-444455556666");
    return kc;
  }

  @Test
  void theSameEventAgainBumpsCountAndLastTimestampOfTheFirst() {
    try (MockApi api = new MockApi()) {
      TestClock clock = new TestClock();
      EventRecorder events = new EventRecorder(api.client(), clock);
      KataConfig kc = kataConfig();

      events.record(kc, EventReason.BLOCKED, Conditions.blockedByPods("kata"));
      clock.now = clock.now.plus(Duration.ofMinutes(3));
      events.record(kc, EventReason.BLOCKED, Conditions.blockedByPods("kata"));
      clock.now = clock.now.plus(Duration.ofMinutes(1));
      events.record(kc, EventReason.BLOCKED, Conditions.blockedByPods("kata"));

      List<Event> all = api.client().v1().events().inNamespace("default").list().getItems();
      assertThat(all)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getCount()).isEqualTo(3);
                assertThat(e.getFirstTimestamp()).isEqualTo("2026-12-06T10:00:00Z");
                assertThat(e.getLastTimestamp()).isEqualTo("2026-12-06T10:04:00Z");
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getReason()).isEqualTo("BlockedByExistingKataPods");
                assertThat(e.getInvolvedObject().getName()).isEqualTo("example-kataconfig");
                assertThat(e.getMetadata().getName()).startsWith("example-kataconfig.");
              });

      // Something else said is another Event.
      events.record(kc, EventReason.BLOCKED, Conditions.blockedByPods("kata-remote"));
      events.record(kc, EventReason.UNINSTALLED, "Uninstallation completed");
      assertThat(api.client().v1().events().inNamespace("default").list().getItems())
          .hasSize(3)
          .allSatisfy(e -> assertThat(e.getCount()).isPositive());
    }
  }

  @Test
  void namesAreStableAndDifferForWhatTheEventSays() {
    KataConfig kc = kataConfig();
    String name = EventRecorder.name(kc, EventReason.FAILED, "Node worker-0 Degraded: x", null);
    assertThat(EventRecorder.name(kc, EventReason.FAILED, "Node worker-0 Degraded: x", null))
        .isEqualTo(name)
        .matches("example-kataconfig\\.[0-9a-f]{16}");
    assertThat(EventRecorder.name(kc, EventReason.FAILED, "Node worker-1 Degraded: x", null))
        .isNotEqualTo(name);
    assertThat(EventRecorder.name(kc, EventReason.FAILED, "Node worker-0 Degraded: x", "act"))
        .isNotEqualTo(name);
    KataConfig other = kataConfig();
    other.getMetadata().setUid("another-uid");
    assertThat(EventRecorder.name(other, EventReason.FAILED, "Node worker-0 Degraded: x", null))
        .isNotEqualTo(name);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Installing                | Installing                | Normal",
        "Updating                  | Updating                  | Normal",
        "Uninstalling              | Uninstalling              | Normal",
        "''                        | Installed                 | Normal",
        "Failed                    | Failed                    | Warning",
        "BlockedByExistingKataPods | BlockedByExistingKataPods | Warning",
        "InvalidConfiguration      | InvalidConfiguration      | Warning",
        "InvalidPeerPodsConfig     | InvalidPeerPodsConfig     | Warning",
        "DuplicateKataConfig       | DuplicateKataConfig       | Warning",
        "NoEligibleNodes           | NoEligibleNodes           | Warning"
      })
  void everyConditionReasonHasItsEvent(String conditionReason, String reason, String type) {
    EventReason event = EventReason.ofCondition(conditionReason);
    assertThat(event.value()).isEqualTo(reason);
    assertThat(event.type().value()).isEqualTo(type);
  }
}
