package dev.osc.operator.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1.KataConfigSpec;
import dev.osc.api.v1.KataConfigStatus;
import dev.osc.testkit.Crds;
import dev.osc.testkit.MockApi;
import dev.osc.testkit.RequestCounter;
import org.junit.jupiter.api.Test;

class StatusRecorderTest {
  @Test
  void aPassOnALaggingCacheDoesNotWriteTheSameStatusAgain() {
    try (MockApi api = new MockApi()) {
      Crds.installOurs(api.client());
      KataConfig kc = new KataConfig();
      kc.getMetadata().setName("example-kataconfig");
      kc.setSpec(new KataConfigSpec());
      KataConfig created = api.client().resource(kc).create();
      RequestCounter requests = new RequestCounter();
      try (var client = requests.client(api)) {
        StatusRecorder recorder = new StatusRecorder(client);
        KataConfigStatus status = new KataConfigStatus();
        status.setObservedGeneration(1L);
        KataConfig first = client.getKubernetesSerialization().clone(created);
        assertThat(recorder.record(first, status)).isTrue();

        // The next pass gets the KataConfig from a cache the status patch has not reached yet.
        KataConfig stale = client.getKubernetesSerialization().clone(created);
        recorder.catchUp(stale);
        assertThat(stale.getStatus()).isEqualTo(status);
        KataConfigStatus same = new KataConfigStatus();
        same.setObservedGeneration(1L);
        assertThat(recorder.record(stale, same)).isFalse();
        assertThat(requests.writes()).isEqualTo(1);

        KataConfigStatus next = new KataConfigStatus();
        next.setObservedGeneration(2L);
        assertThat(recorder.record(stale, next)).isTrue();
        assertThat(api.client().resource(created).get().getStatus().getObservedGeneration())
            .isEqualTo(2L);
      }
    }
  }
}
