package dev.osc.caa.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void rendersThePrometheusTextFormat() {
    Metrics m = new Metrics();
    m.inc("jobs_total", "Jobs.", "reason", "say \"hi\"");
    m.inc("jobs_total", "Jobs.", "reason", "say \"hi\"");
    m.gauge("up", "Up.", () -> 3);
    m.observe("took_seconds", "Took.", 0.3);
    m.observe("took_seconds", "Took.", 7);
    assertThat(m.render())
        .isEqualTo(
            """
        # HELP jobs_total Jobs.
        # TYPE jobs_total counter
        jobs_total{reason="say \\"hi\\""} 2
        # HELP took_seconds Took.
        # TYPE took_seconds histogram
        took_seconds_bucket{le="0.1"} 0
        took_seconds_bucket{le="0.25"} 0
        took_seconds_bucket{le="0.5"} 1
        took_seconds_bucket{le="1"} 1
        took_seconds_bucket{le="2.5"} 1
        took_seconds_bucket{le="5"} 1
        took_seconds_bucket{le="10"} 2
        took_seconds_bucket{le="30"} 2
        took_seconds_bucket{le="60"} 2
        took_seconds_bucket{le="120"} 2
        took_seconds_bucket{le="300"} 2
        took_seconds_bucket{le="+Inf"} 2
        took_seconds_sum 7.3
        took_seconds_count 2
        # HELP up Up.
        # TYPE up gauge
        up 3
        """);
  }
}
