package dev.osc.caa;

import dev.osc.api.v1alpha1.PeerPod;
import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.CloudProvider;
import dev.osc.caa.hypervisor.HypervisorService;
import dev.osc.caa.metrics.VmMetrics;
import dev.osc.caa.net.WorkerTunnels;
import dev.osc.caa.proxy.AgentProxies;
import dev.osc.caa.tls.ForwarderTls;
import dev.osc.caa.tls.TlsProfile;
import dev.osc.caa.vm.Faults;
import dev.osc.caa.vm.Janitor;
import dev.osc.caa.vm.NodeVmLimit;
import dev.osc.caa.vm.PeerPodLedger;
import dev.osc.caa.vm.PodLookup;
import dev.osc.caa.vm.PodNetworks;
import dev.osc.caa.vm.PodVmSettings;
import dev.osc.caa.vm.PodVms;
import dev.osc.caa.vm.PullSecrets;
import dev.osc.caa.vm.VmAccess;
import dev.osc.metrics.Metrics;
import dev.osc.metrics.MetricsServer;
import dev.osc.ttrpc.TtrpcServer;
import dev.osc.ttrpc.UnixSockets;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code osc caa}: the cloud-api-adaptor of one node. On start it reconciles the cloud with the
 * PeerPod records (adopting the VMs of live pods, deleting the rest) before it serves the Kata shim
 * on the hypervisor socket, then keeps reconciling periodically. Its node's pods and the service
 * accounts are cached ({@link PodLookup}) from before the first reconcile until it stops, so a VM
 * costs no pod or service account read. Stopping it stops serving; VMs keep running, and the next
 * start adopts them. The provider stays its creator's to close.
 */
public final class CaaDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CaaDaemon.class);

  private final PodVms vms;
  private final Janitor janitor;
  private final TtrpcServer server;
  private final ScheduledExecutorService schedule;
  private final Watch deletions;
  private final AgentProxies proxies;
  private final MetricsServer metricsServer;
  private final NodeVmLimit limit;
  private final PodLookup pods;

  private CaaDaemon(
      PodVms vms,
      Janitor janitor,
      TtrpcServer server,
      ScheduledExecutorService schedule,
      Watch deletions,
      AgentProxies proxies,
      MetricsServer metricsServer,
      NodeVmLimit limit,
      PodLookup pods) {
    this.limit = limit;
    this.pods = pods;
    this.proxies = proxies;
    this.metricsServer = metricsServer;
    this.vms = vms;
    this.janitor = janitor;
    this.server = server;
    this.schedule = schedule;
    this.deletions = deletions;
  }

  public static CaaDaemon start(
      CaaSettings settings, CloudProvider cloud, KubernetesClient client, Metrics metrics)
      throws CloudException, IOException {
    Namespace kubeSystem = client.namespaces().withName("kube-system").get();
    if (kubeSystem == null) {
      throw new IllegalStateException(
          "cannot read namespace kube-system: its uid tags this" + " cluster's VMs");
    }
    NodeVmLimit limit = NodeVmLimit.watch(client, settings.node(), settings.limitPerNode());
    // Synced before the janitor's first pass and before the socket serves.
    PodLookup pods = PodLookup.cached(client, settings.node());
    try {
      return start(settings, cloud, client, metrics, kubeSystem, limit, pods);
    } catch (CloudException | IOException | RuntimeException e) {
      pods.close();
      limit.close();
      throw e;
    }
  }

  private static CaaDaemon start(
      CaaSettings settings,
      CloudProvider cloud,
      KubernetesClient client,
      Metrics metrics,
      Namespace kubeSystem,
      NodeVmLimit limit,
      PodLookup pods)
      throws CloudException, IOException {
    var vmSettings =
        new PodVmSettings(
            settings.node(),
            kubeSystem.getMetadata().getUid(),
            limit,
            cloud.defaultInstanceType(),
            settings.userTags(),
            settings.podsDir(),
            settings.initdata());
    var ledger = new PeerPodLedger(client, pods);
    var vmMetrics = new VmMetrics(metrics);
    ForwarderTls tls =
        ForwarderTls.fromSettings(settings.peerPods())
            .withProfile(TlsProfile.fromSettings(settings.peerPods()));
    AgentProxies proxies =
        new AgentProxies(tls, settings.forwarderPort(), settings.proxyTimeout(), vmMetrics);
    PodVms vms =
        new PodVms(
            cloud,
            ledger,
            vmSettings,
            Faults.NONE,
            vmMetrics,
            new VmAccess(
                tls,
                proxies,
                new PullSecrets(client, pods),
                settings.tunnel().enabled()
                    ? new WorkerTunnels(settings.tunnel())
                    : PodNetworks.NONE));
    Janitor janitor = new Janitor(vms, ledger);
    report(janitor.run());

    Files.createDirectories(settings.socket().getParent());
    Files.deleteIfExists(settings.socket());
    // Handlers plan and write to the API server; StartVM and StopVM await the cloud without one.
    // More of them than the API client has requests in flight would only wait in its queue.
    TtrpcServer server =
        new TtrpcServer(BoundedHttpClientFactory.MAX_IN_FLIGHT)
            .register(HypervisorService.definition(vms));
    server.serve(UnixSockets.listen(settings.socket()));
    ScheduledExecutorService schedule =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "caa-janitor");
              t.setDaemon(true);
              return t;
            });
    Runnable reconcile =
        () -> {
          try {
            report(janitor.run());
          } catch (CloudException | RuntimeException e) {
            LOG.warn(
                "reconciling VMs with PeerPods failed (retried in {}): {}",
                settings.janitorInterval(),
                e.getMessage());
          }
        };
    long every = settings.janitorInterval().toMillis();
    var unused = schedule.scheduleWithFixedDelay(reconcile, every, every, TimeUnit.MILLISECONDS);
    // A PeerPod being deleted (its pod is gone and the garbage collector followed the owner
    // reference) has its VM deleted now rather than at the next periodic pass.
    Watch deletions =
        client
            .resources(PeerPod.class)
            .inAnyNamespace()
            .withLabel(PeerPodLedger.NODE_LABEL, settings.node())
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, PeerPod pp) {
                    if (action == Action.MODIFIED
                        && pp.getMetadata().getDeletionTimestamp() != null) {
                      schedule.execute(reconcile);
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    LOG.warn(
                        "watching PeerPods stopped ({}); the periodic pass still deletes VMs of"
                            + " gone pods",
                        cause.getMessage());
                  }
                });
    LOG.info(
        "serving hypervisor.Hypervisor on {} for node {} with provider {}",
        settings.socket(),
        settings.node(),
        cloud.name());
    MetricsServer metricsServer =
        settings.metricsPort() == 0 ? null : startMetrics(settings, metrics);
    return new CaaDaemon(
        vms, janitor, server, schedule, deletions, proxies, metricsServer, limit, pods);
  }

  public PodVms vms() {
    return vms;
  }

  public Janitor janitor() {
    return janitor;
  }

  @Override
  public void close() {
    deletions.close();
    limit.close();
    schedule.shutdownNow();
    server.close();
    pods.close();
    // The VMs keep running; the next adaptor adopts them and serves their sockets again.
    proxies.close();
    if (metricsServer != null) {
      metricsServer.close();
    }
  }

  /** Its certificate comes from a CA of its own: Prometheus scrapes it without verifying. */
  private static MetricsServer startMetrics(CaaSettings settings, Metrics metrics)
      throws IOException {
    MetricsServer server =
        MetricsServer.selfSigned(
            new InetSocketAddress(settings.metricsPort()), settings.node(), metrics);
    LOG.info("serving /metrics over https on port {}", server.port());
    return server;
  }

  private static void report(Janitor.Pass pass) {
    if (pass.deleted() + pass.adopted() + pass.orphans() + pass.fromGoneNodes() > 0) {
      LOG.info(
          "reconciled VMs with PeerPods: {} deleted (pod gone), {} adopted, {} orphans"
              + " deleted, {} deleted for gone nodes",
          pass.deleted(),
          pass.adopted(),
          pass.orphans(),
          pass.fromGoneNodes());
    }
  }
}
