package dev.osc.caa.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * The adaptor's Prometheus metrics, rendered in the text exposition format (0.0.4). A few counters,
 * gauges and histograms do not need a client library.
 */
public final class Metrics {
  /** Seconds; pod VMs take from well under a second (local) to minutes (clouds). */
  static final double[] BUCKETS = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

  private final Map<String, Family> families = new ConcurrentHashMap<>();

  private Family family(String name, String type, String help) {
    return families.computeIfAbsent(name, n -> new Family(n, type, help));
  }

  /** A counter; labels as alternating name, value. */
  public void inc(String name, String help, String... labels) {
    ((LongAdder)
            family(name, "counter", help)
                .series
                .computeIfAbsent(labels(labels), k -> new LongAdder()))
        .increment();
  }

  /** A gauge read when scraped. */
  public void gauge(String name, String help, DoubleSupplier value) {
    family(name, "gauge", help).gauge = value;
  }

  public void observe(String name, String help, double seconds) {
    Family f = family(name, "histogram", help);
    Histogram h = (Histogram) f.series.computeIfAbsent("", k -> new Histogram());
    h.observe(seconds);
  }

  /** Current value of a counter or gauge series, for tests and the bench. */
  public double value(String name, String... labels) {
    Family f = families.get(name);
    if (f == null) {
      return 0;
    }
    if (f.gauge != null) {
      return f.gauge.getAsDouble();
    }
    Object s = f.series.get(labels(labels));
    return s instanceof LongAdder a ? a.sum() : s instanceof Histogram h ? h.count.sum() : 0;
  }

  public String render() {
    StringBuilder out = new StringBuilder();
    for (Family f : new TreeMap<>(families).values()) {
      out.append("# HELP ").append(f.name).append(' ').append(f.help).append('\n');
      out.append("# TYPE ").append(f.name).append(' ').append(f.type).append('\n');
      if (f.gauge != null) {
        out.append(f.name).append(' ').append(number(f.gauge.getAsDouble())).append('\n');
      }
      for (var e : new TreeMap<>(f.series).entrySet()) {
        if (e.getValue() instanceof LongAdder a) {
          out.append(f.name).append(braces(e.getKey())).append(' ').append(a.sum()).append('\n');
        } else if (e.getValue() instanceof Histogram h) {
          h.render(f.name, out);
        }
      }
    }
    return out.toString();
  }

  private static String labels(String... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name, value pairs");
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      parts.add(
          pairs[i]
              + "=\""
              + pairs[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
              + "\"");
    }
    return String.join(",", parts);
  }

  private static String braces(String labels) {
    return labels.isEmpty() ? "" : "{" + labels + "}";
  }

  private static String number(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v)
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%s", v);
  }

  private static final class Family {
    final String name;
    final String type;
    final String help;
    final Map<String, Object> series = new ConcurrentHashMap<>();
    volatile DoubleSupplier gauge;

    Family(String name, String type, String help) {
      this.name = name;
      this.type = type;
      this.help = help;
    }
  }

  private static final class Histogram {
    final LongAdder[] buckets = new LongAdder[BUCKETS.length];
    final LongAdder count = new LongAdder();
    final DoubleAdder sum = new DoubleAdder();

    Histogram() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void observe(double v) {
      for (int i = 0; i < BUCKETS.length; i++) {
        if (v <= BUCKETS[i]) {
          buckets[i].increment();
        }
      }
      count.increment();
      sum.add(v);
    }

    void render(String name, StringBuilder out) {
      for (int i = 0; i < BUCKETS.length; i++) {
        out.append(name)
            .append("_bucket{le=\"")
            .append(number(BUCKETS[i]))
            .append("\"} ")
            .append(buckets[i].sum())
            .append('\n');
      }
      out.append(name).append("_bucket{le=\"+Inf\"} ").append(count.sum()).append('\n');
      out.append(name).append("_sum ").append(number(sum.sum())).append('\n');
      out.append(name).append("_count ").append(count.sum()).append('\n');
    }
  }
}
