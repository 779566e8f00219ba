package dev.osc.caa.metrics;

import dev.osc.metrics.Metrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** What the adaptor tells Prometheus about pod VMs; every metric name is here. */
public final class VmMetrics {
  public static final String CREATE_SECONDS = "osc_caa_vm_create_seconds";
  public static final String DELETE_SECONDS = "osc_caa_vm_delete_seconds";
  public static final String RUNNING = "osc_caa_vms_running";
  public static final String FAILURES = "osc_caa_vm_failures_total";
  public static final String ORPHANS_DELETED = "osc_caa_orphan_vms_deleted_total";
  public static final String ADOPTED = "osc_caa_vms_adopted_total";
  public static final String PROXY_CONNECTIONS = "osc_caa_proxy_connections";

  /** Why a VM operation failed: the {@code reason} label. */
  public enum Failure {
    /** The cloud refused or failed to make the VM. */
    LAUNCH,
    /** The VM was made but could not be recorded (so it was deleted). */
    RECORD,
    /** The VM's forwarder did not answer within PROXY_TIMEOUT (so the VM was deleted). */
    PROXY,
    /** The pod's tunnel could not be pointed at the VM (so the VM was deleted). */
    TUNNEL,
    /** The cloud failed to delete the VM (the janitor retries). */
    DELETE;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Histogram created;
  private final Histogram deleted;
  private final Counter failures;
  private final Counter orphansDeleted;
  private final Counter adopted;
  private volatile IntSupplier running = () -> 0;
  private volatile IntSupplier proxyConnections = () -> 0;

  public VmMetrics(Metrics metrics) {
    var registry = metrics.registry();
    created =
        Metrics.seconds(CREATE_SECONDS, "Time to make a pod VM and record it (StartVM).")
            .register(registry);
    deleted =
        Metrics.seconds(DELETE_SECONDS, "Time to delete a pod VM (StopVM).").register(registry);
    failures =
        Counter.builder()
            .name(FAILURES)
            .help("Pod VM operations that failed, by reason.")
            .labelNames("reason")
            .register(registry);
    orphansDeleted =
        Counter.builder()
            .name(ORPHANS_DELETED)
            .help("VMs with this node's tags and no PeerPod, deleted.")
            .register(registry);
    adopted =
        Counter.builder()
            .name(ADOPTED)
            .help("VMs of live pods taken back after an adaptor restart.")
            .register(registry);
    gauge(registry, RUNNING, "Pod VMs this node's adaptor runs.", () -> running);
    gauge(
        registry,
        PROXY_CONNECTIONS,
        "Agent proxies connected to their pod VM's forwarder.",
        () -> proxyConnections);
  }

  /** The running VMs are counted by the live {@code PodVms} (a restarted one replaces it). */
  public void running(IntSupplier count) {
    running = count;
  }

  public void proxyConnections(IntSupplier count) {
    proxyConnections = count;
  }

  private static void gauge(
      PrometheusRegistry registry, String name, String help, Supplier<IntSupplier> count) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(cb -> cb.call(count.get().getAsInt()))
        .register(registry);
  }

  public void created(Duration took) {
    created.observe(seconds(took));
  }

  public void deleted(Duration took) {
    deleted.observe(seconds(took));
  }

  public void failed(Failure reason) {
    failures.labelValues(reason.label()).inc();
  }

  public void orphanDeleted() {
    orphansDeleted.inc();
  }

  public void adopted() {
    adopted.inc();
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
