package dev.osc.dev.webhookbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {
  @Test
  void nearestRankPercentiles() {
    Latencies l = new Latencies();
    for (long v = 1000; v >= 1; v--) { // unsorted on purpose
      l.add(v);
    }
    assertThat(l.percentile(50)).isEqualTo(500);
    assertThat(l.percentile(99)).isEqualTo(990);
    assertThat(l.percentile(99.9)).isEqualTo(999);
    assertThat(l.percentile(100)).isEqualTo(1000);
    assertThat(l.percentile(0)).isEqualTo(1);
  }

  @Test
  void fewValuesTakeTheLargestForHighPercentiles() {
    Latencies l = new Latencies();
    l.add(7);
    l.add(3);
    assertThat(l.percentile(50)).isEqualTo(3);
    assertThat(l.percentile(99.9)).isEqualTo(7);
  }

  @Test
  void noValuesNoPercentile() {
    assertThat(new Latencies().percentile(50)).isNaN();
  }

  @Test
  void mergesBeyondTheInitialCapacity() {
    Latencies a = new Latencies();
    Latencies b = new Latencies();
    for (int i = 0; i < 20_000; i++) {
      a.add(1);
      b.add(2);
    }
    Latencies all = Latencies.merge(List.of(a, b));
    assertThat(all.size()).isEqualTo(40_000);
    assertThat(all.percentile(50)).isEqualTo(1);
    assertThat(all.percentile(50.01)).isEqualTo(2);
    assertThat(a.size()).isEqualTo(20_000);
  }
}
