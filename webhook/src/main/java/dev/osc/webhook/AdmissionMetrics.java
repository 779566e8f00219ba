package dev.osc.webhook;

import dev.osc.metrics.Metrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import java.time.Duration;

/** The webhook's admissions, by path and result, and how long each took. */
public final class AdmissionMetrics {
  public static final String ADMISSIONS = "osc_webhook_admissions_total";
  public static final String SECONDS = "osc_webhook_admission_seconds";

  private final Counter admissions;
  private final Histogram seconds;

  public AdmissionMetrics(Metrics metrics) {
    admissions =
        Counter.builder()
            .name(ADMISSIONS)
            .help(
                "Admission requests by path and result: allowed, denied, bad_request (HTTP 400),"
                    + " error (HTTP 500).")
            .labelNames("path", "result")
            .register(metrics.registry());
    seconds =
        Metrics.seconds(SECONDS, "Time from the request read to the reply sent, by path.")
            .labelNames("path")
            .register(metrics.registry());
  }

  /** The {@code result} label of a reply: its HTTP status and, for 200, the verdict. */
  static String result(int status, boolean allowed) {
    if (status == 200) {
      return allowed ? "allowed" : "denied";
    }
    return status >= 500 ? "error" : "bad_request";
  }

  public void admitted(String path, int status, boolean allowed, Duration took) {
    admissions.labelValues(path, result(status, allowed)).inc();
    seconds.labelValues(path).observe(took.toNanos() / 1e9);
  }
}
