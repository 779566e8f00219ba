package dev.osc.caa.metrics;

import java.time.Duration;
import java.util.function.IntSupplier;

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

  private final Metrics metrics;

  public VmMetrics(Metrics metrics) {
    this.metrics = metrics;
  }

  public void running(IntSupplier count) {
    metrics.gauge(RUNNING, "Pod VMs this node's adaptor runs.", count::getAsInt);
  }

  public void proxyConnections(IntSupplier count) {
    metrics.gauge(
        PROXY_CONNECTIONS, "Agent proxies connected to their pod VM's forwarder.", count::getAsInt);
  }

  public void created(Duration took) {
    metrics.observe(
        CREATE_SECONDS, "Time to make a pod VM and record it (StartVM).", seconds(took));
  }

  public void deleted(Duration took) {
    metrics.observe(DELETE_SECONDS, "Time to delete a pod VM (StopVM).", seconds(took));
  }

  public void failed(Failure reason) {
    metrics.inc(FAILURES, "Pod VM operations that failed, by reason.", "reason", reason.label());
  }

  public void orphanDeleted() {
    metrics.inc(ORPHANS_DELETED, "VMs with this node's tags and no PeerPod, deleted.");
  }

  public void adopted() {
    metrics.inc(ADOPTED, "VMs of live pods taken back after an adaptor restart.");
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
