package dev.osc.dev.webhookbench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * Request latencies in nanoseconds, every one kept (a few hundred thousand per round), and
 * percentiles of them.
 */
public final class Latencies {
  private long[] values = new long[1 << 14];
  private int size;

  public void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  public int size() {
    return size;
  }

  /** All of them together; the parts are not changed. */
  public static Latencies merge(Iterable<Latencies> parts) {
    Latencies all = new Latencies();
    for (Latencies p : parts) {
      for (int i = 0; i < p.size; i++) {
        all.add(p.values[i]);
      }
    }
    return all;
  }

  /**
   * The nearest-rank percentile: the smallest value with at least {@code percent} % of all at or
   * below it, so p99.9 of 1,000 values is the largest; NaN when there are none.
   */
  public double percentile(double percent) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    // In decimal: in binary floating point 99.9 % of 1,000 is a hair above 999.
    int rank =
        BigDecimal.valueOf(percent)
            .multiply(BigDecimal.valueOf(size))
            .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING)
            .intValueExact();
    return sorted[Math.max(rank, 1) - 1];
  }
}
