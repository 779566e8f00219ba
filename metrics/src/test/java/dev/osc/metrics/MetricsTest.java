package dev.osc.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void rendersThePrometheusTextFormatAndReadsValuesBack() {
    Metrics m = new Metrics();
    Counter jobs =
        Counter.builder()
            .name("jobs_total")
            .help("Jobs.")
            .labelNames("reason")
            .register(m.registry());
    jobs.labelValues("say \"hi\"").inc();
    jobs.labelValues("say \"hi\"").inc();
    GaugeWithCallback.builder()
        .name("up")
        .help("Up.")
        .callback(cb -> cb.call(3))
        .register(m.registry());
    Histogram took =
        Histogram.builder()
            .name("took_seconds")
            .help("Took.")
            .classicOnly()
            .classicUpperBounds(0.5, 10)
            .register(m.registry());
    took.observe(0.3);
    took.observe(7);

    assertThat(m.render())
        .isEqualTo(
            """
        # HELP jobs_total Jobs.
        # TYPE jobs_total counter
        jobs_total{reason="say \\"hi\\""} 2.0
        # HELP took_seconds Took.
        # TYPE took_seconds histogram
        took_seconds_bucket{le="0.5"} 1
        took_seconds_bucket{le="10.0"} 2
        took_seconds_bucket{le="+Inf"} 2
        took_seconds_count 2
        took_seconds_sum 7.3
        # HELP up Up.
        # TYPE up gauge
        up 3.0
        """);
    assertThat(m.value("jobs_total", "reason", "say \"hi\"")).isEqualTo(2);
    assertThat(m.value("jobs_total", "reason", "other")).isZero();
    assertThat(m.value("took_seconds")).isEqualTo(2);
    assertThat(m.value("up")).isEqualTo(3);
    assertThat(m.value("absent")).isZero();
  }
}
