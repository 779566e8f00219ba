package dev.osc.metrics;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One process's metrics: a Prometheus client registry (each component registers its counters,
 * gauges and histograms on {@link #registry()}) and its text exposition (format 0.0.4).
 */
public final class Metrics {
  /** Seconds; from well under a second (an admission, a local VM) to minutes (a cloud VM). */
  private static final double[] SECONDS_BUCKETS = {
    0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300
  };

  /** A classic histogram of durations in seconds, with {@link #SECONDS_BUCKETS}. */
  public static Histogram.Builder seconds(String name, String help) {
    return Histogram.builder()
        .name(name)
        .help(help)
        .classicOnly()
        .classicUpperBounds(SECONDS_BUCKETS);
  }

  private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

  private final PrometheusRegistry registry = new PrometheusRegistry();

  public PrometheusRegistry registry() {
    return registry;
  }

  public static String contentType() {
    return TEXT.getContentType();
  }

  public void write(OutputStream out) throws IOException {
    TEXT.write(out, registry.scrape());
  }

  public String render() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * A series' current value (a histogram's count), 0 when absent; for tests and benches. {@code
   * name} as exposed (a counter with its {@code _total}); labels as alternating name, value.
   */
  public double value(String name, String... labels) {
    Labels wanted = Labels.of(labels);
    for (MetricSnapshot m : registry.scrape()) {
      String base = m.getMetadata().getPrometheusName();
      boolean counter = m instanceof CounterSnapshot;
      if (!(counter ? name.equals(base + "_total") : name.equals(base))) {
        continue;
      }
      for (DataPointSnapshot p : m.getDataPoints()) {
        if (p.getLabels().equals(wanted)) {
          if (p instanceof CounterSnapshot.CounterDataPointSnapshot c) {
            return c.getValue();
          }
          if (p instanceof GaugeSnapshot.GaugeDataPointSnapshot g) {
            return g.getValue();
          }
          if (p instanceof HistogramSnapshot.HistogramDataPointSnapshot h) {
            return h.getCount();
          }
        }
      }
    }
    return 0;
  }
}
