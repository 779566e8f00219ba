package dev.osc.caa.vm;

import dev.osc.api.v1alpha1.PeerPod;
import dev.osc.caa.BoundedHttpClientFactory;
import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.CloudProvider;
import dev.osc.caa.cloud.Instance;
import dev.osc.caa.cloud.InstanceSpec;
import dev.osc.caa.cloud.InstanceTags;
import dev.osc.caa.cloud.InstanceType;
import dev.osc.caa.cloud.LaunchRequest;
import dev.osc.caa.forwarder.ForwarderConfig;
import dev.osc.caa.metrics.VmMetrics;
import dev.osc.caa.model.CloudConfig;
import dev.osc.caa.model.InitdataValue;
import dev.osc.caa.model.InstanceName;
import dev.osc.caa.model.InstanceTypeChoice;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.caa.net.PodTunnel;
import dev.osc.caa.tls.ForwarderCredentials;
import dev.osc.initdata.InitdataAnnotation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod VMs of one node: CreateVM, StartVM and StopVM as the shim calls them, with every VM
 * recorded in the {@link PeerPodLedger} before the cloud makes it and released only after the cloud
 * deleted it. Whatever fails on the way, the VM is deleted before the error is returned; whatever
 * crashes, {@link Janitor} finds the VM from the ledger or its tags.
 */
public final class PodVms {
  private static final Logger LOG = LoggerFactory.getLogger(PodVms.class);
  public static final String AGENT_SOCKET = "agent.ttrpc";

  /** The copy of the VM's forwarder configuration in its pod directory. */
  public static final String APF_JSON = "apf.json";

  /** The pod's network namespace path, next to it: with apf.json, an adopted VM's tunnel. */
  static final String NETNS = "netns";

  /** sun_path holds 108 bytes with the terminating NUL. */
  static final int MAX_SOCKET_PATH = 107;

  private final CloudProvider cloud;
  private final PeerPodLedger ledger;
  private final PodVmSettings settings;
  private final Faults faults;
  private final VmMetrics metrics;
  private final List<InstanceType> instanceTypes;
  private final ForwarderCredentials.Issuer credentials;
  private final ProxyStarter proxies;
  private final VmAccess.RegistryCredentials registry;
  private final PodNetworks networks;
  private final Map<String, Sandbox> sandboxes = new ConcurrentHashMap<>();

  /**
   * Where the parts of StartVM and StopVM after the cloud's answer run: API writes, the tunnel, TLS
   * handshakes. Bounded as the API client's requests in flight: more would only queue there.
   */
  private final ExecutorService work = bounded(BoundedHttpClientFactory.MAX_IN_FLIGHT);

  /**
   * The calls of providers that block (the cloud SDK's, libvirt's): a thread each while in flight,
   * as many as the cloud allows at once, so that a VM waiting for the cloud never delays another.
   */
  private final ExecutorService cloudCalls = Executors.newCachedThreadPool(daemons("vm-cloud-"));

  private static ExecutorService bounded(int threads) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemons("vm-work-"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static ThreadFactory daemons(String prefix) {
    return r -> {
      Thread t = new Thread(r, prefix + THREAD_IDS.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static final AtomicInteger THREAD_IDS = new AtomicInteger();

  /** Sandboxes whose CreateVM is being answered; guarded by this. */
  private final java.util.Set<String> planning = new java.util.HashSet<>();

  /** Pod VMs without agent proxies or forwarder TLS: VMs are made, nothing talks to them. */
  public PodVms(
      CloudProvider cloud,
      PeerPodLedger ledger,
      PodVmSettings settings,
      Faults faults,
      VmMetrics metrics)
      throws CloudException {
    this(cloud, ledger, settings, faults, metrics, VmAccess.NONE);
  }

  /**
   * @param access the forwarder TLS, agent proxies and registry credentials of the VMs
   */
  public PodVms(
      CloudProvider cloud,
      PeerPodLedger ledger,
      PodVmSettings settings,
      Faults faults,
      VmMetrics metrics,
      VmAccess access)
      throws CloudException {
    this.cloud = cloud;
    this.credentials = access.credentials();
    this.proxies = access.proxies();
    this.registry = access.registry();
    this.networks = access.networks();
    this.ledger = ledger;
    this.settings = settings;
    this.faults = faults;
    this.metrics = metrics;
    this.instanceTypes = cloud.instanceTypes();
    metrics.running(
        () -> (int) sandboxes.values().stream().filter(s -> s.instanceId() != null).count());
  }

  /** CreateVM without a pod network namespace (adaptors without pod tunnels). */
  public Path create(SandboxRequest request) {
    return create(request, null);
  }

  /**
   * CreateVM: plans the VM (no cloud call) and makes the pod's tunnel in its network namespace
   * ({@code netnsPath}, from the shim), not yet pointed at a VM; returns the agent socket path.
   */
  public Path create(SandboxRequest request, String netnsPath) {
    String sid = request.sandboxId();
    Path socket = socket(sid);
    if (socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
        > MAX_SOCKET_PATH) {
      throw new IllegalArgumentException(
          "the agent socket "
              + socket
              + " is longer than "
              + MAX_SOCKET_PATH
              + " bytes, the unix socket limit: choose a shorter PODS_DIR");
    }
    reserve(sid);
    try {
      // Providers without instance types (libvirt, local) size the VM from the request.
      String type =
          instanceTypes.isEmpty()
              ? null
              : InstanceTypeChoice.choose(request, instanceTypes, settings.defaultInstanceType());
      String name = InstanceName.of(request.podName(), sid);
      String initdata =
          request.initdata() != null
              ? InitdataValue.checked(request.initdata(), "annotation " + SandboxRequest.INITDATA)
              : settings.initdata();
      String auth = registry.authJson(request.podNamespace(), request.podName());
      if (CloudConfig.authJsonTooLarge(auth)) {
        LOG.warn(
            "pod {}/{}: registry credentials over {} bytes are left out of the VM's user" + " data",
            request.podNamespace(),
            request.podName(),
            CloudConfig.AUTH_JSON_LIMIT);
      }
      Sandbox earlier = sandboxes.get(sid);
      if (earlier != null && earlier.instanceId() == null) {
        networks.remove(earlier.tunnel()); // the shim asks again: the new answer replaces it
      }
      PodTunnel tunnel = networks.prepare(sid, netnsPath);
      try {
        String apf =
            ForwarderConfig.of(
                    request.podName(),
                    request.podNamespace(),
                    tunnel == null ? null : tunnel.network(),
                    credentials.forVm(name),
                    credentials.profile())
                .toIndentedJson();
        keepCopy(sid, apf, tunnel);
        String userData =
            CloudConfig.render(
                apf,
                auth,
                initdata == null
                    ? null
                    : InitdataAnnotation.encode(initdata.getBytes(StandardCharsets.UTF_8)));
        LaunchRequest launch =
            new LaunchRequest(
                name,
                userData,
                new InstanceSpec(
                    type, request.vcpus(), request.memoryMiB(), request.gpus(), request.image()),
                tags(request, name));
        Sandbox planned = new Sandbox(request, name, launch, null, null, tunnel);
        synchronized (this) { // one step from planning to planned: counted once, never twice
          sandboxes.put(sid, planned);
          planning.remove(sid);
        }
      } catch (RuntimeException e) {
        networks.remove(tunnel);
        forgetCopy(sid);
        throw e;
      }
      LOG.info(
          "pod {}/{}: sandbox {} planned as {} ({})",
          request.podNamespace(),
          request.podName(),
          sid,
          name,
          type == null ? "provider's size" : type);
      return socket;
    } finally {
      synchronized (this) {
        planning.remove(sid);
      }
    }
  }

  /**
   * Counts the sandbox against the node's limit while it is planned; only this is serialised, so
   * many CreateVM calls plan (certificates, registry credentials) at once.
   */
  private synchronized void reserve(String sid) {
    // A sandbox the shim asks for again is in both: count it once.
    long planned = planning.stream().filter(p -> !sandboxes.containsKey(p)).count();
    if (!sandboxes.containsKey(sid)
        && !planning.contains(sid)
        && sandboxes.size() + planned >= settings.limit().current()) {
      throw new VmLimitReached(
          "this node already runs "
              + sandboxes.size()
              + " peer pod VMs"
              + (planned == 0 ? "" : " and plans " + planned + " more")
              + ", its limit ("
              + settings.limit().describe()
              + ")");
    }
    planning.add(sid);
  }

  /**
   * Upstream keeps each pod's apf.json in its pod directory, where an administrator looks when a VM
   * does not come up; it holds the VM's private key, so only root may read it.
   */
  private void keepCopy(String sandboxId, String apf, PodTunnel tunnel) {
    Path dir = settings.podsDir().resolve(sandboxId);
    try {
      Files.createDirectories(dir);
      if (tunnel != null) {
        Files.writeString(dir.resolve(NETNS), tunnel.netnsPath());
      }
      Path file = dir.resolve(APF_JSON);
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, apf);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot store " + dir.resolve(APF_JSON) + ": " + e.getMessage(), e);
    }
  }

  /** A sandbox whose StartVM failed: nothing of it is left. */
  private void abandon(Sandbox s) {
    String sid = s.request().sandboxId();
    networks.remove(s.tunnel());
    sandboxes.remove(sid);
    forgetCopy(sid);
  }

  /** The tunnel CreateVM made, from the pod directory (after a restart), or null. */
  private PodTunnel savedTunnel(String sandboxId) {
    Path dir = settings.podsDir().resolve(sandboxId);
    try {
      if (!Files.exists(dir.resolve(NETNS)) || !Files.exists(dir.resolve(APF_JSON))) {
        return null;
      }
      var net = ForwarderConfig.fromJson(Files.readString(dir.resolve(APF_JSON))).podNetwork();
      return net == null ? null : new PodTunnel(Files.readString(dir.resolve(NETNS)), net);
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("sandbox {}: cannot read its tunnel from {}: {}", sandboxId, dir, e.getMessage());
      return null;
    }
  }

  /** The VM is gone: its key must not outlive it. */
  private void forgetCopy(String sandboxId) {
    try {
      Files.deleteIfExists(settings.podsDir().resolve(sandboxId).resolve(APF_JSON));
      Files.deleteIfExists(settings.podsDir().resolve(sandboxId).resolve(NETNS));
    } catch (IOException e) {
      LOG.warn("sandbox {}: cannot delete its {}: {}", sandboxId, APF_JSON, e.getMessage());
    }
  }

  private Path socket(String sandboxId) {
    return settings.podsDir().resolve(sandboxId).resolve(AGENT_SOCKET);
  }

  /** StartVM, waiting for its answer: for callers without a use for the thread meanwhile. */
  public Sandbox start(String sandboxId) throws CloudException {
    return await(startAsync(sandboxId));
  }

  /**
   * StartVM: records the intent on the calling thread, then makes the VM without holding a thread
   * while the cloud works; on failure nothing of it is left. Cancelling the answer (the shim's
   * deadline passed) deletes the VM once the cloud has made it, instead of recording it.
   */
  public CompletableFuture<Sandbox> startAsync(String sandboxId) throws CloudException {
    Sandbox s = sandboxes.get(sandboxId);
    if (s == null) {
      throw new IllegalArgumentException(
          "StartVM: unknown sandbox " + sandboxId + " (CreateVM was not called)");
    }
    if (s.instanceId() != null) {
      return CompletableFuture.completedFuture(s);
    }
    long began = System.nanoTime();
    PeerPod record = ledger.intend(s, cloud.name(), settings.node());
    faults.at(Step.INTENT_RECORDED, sandboxId);
    CompletableFuture<Instance> launched;
    try {
      launched = cloud.createAsync(s.launch(), cloudCalls);
    } catch (RuntimeException e) {
      launched = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Sandbox> answer = new CompletableFuture<>();
    var unused = // every outcome goes to answer
        launched
            .handleAsync(
                (instance, error) -> {
                  try {
                    if (error != null) {
                      throw launchFailed(s, record, unwrap(error));
                    }
                    return recorded(s, record, instance, answer);
                  } catch (CloudException e) {
                    throw new CompletionException(e);
                  }
                },
                work)
            .thenCompose(started -> reachable(started, record, began))
            .whenComplete(
                (started, error) -> {
                  if (error != null) {
                    answer.completeExceptionally(unwrap(error));
                  } else {
                    answer.complete(started);
                  }
                });
    return answer;
  }

  /**
   * The cloud refused or failed: any instance it made anyway is deleted, and the record; returns
   * the failure to throw.
   */
  private RuntimeException launchFailed(Sandbox s, PeerPod record, Throwable e)
      throws CloudException {
    LOG.warn("pod {}: creating VM {} failed: {}", pod(s), s.instanceName(), e.getMessage());
    metrics.failed(VmMetrics.Failure.LAUNCH);
    deleteTagged(s.request().sandboxId());
    ledger.release(record);
    abandon(s);
    if (e instanceof Error err) {
      throw err;
    }
    return e instanceof RuntimeException r ? r : new CompletionException(e);
  }

  /** The cloud made the VM: records it and points the pod's tunnel at it. */
  private Sandbox recorded(Sandbox s, PeerPod record, Instance instance, Future<Sandbox> answer)
      throws CloudException {
    String sandboxId = s.request().sandboxId();
    String pod = pod(s);
    try {
      faults.at(Step.INSTANCE_CREATED, sandboxId);
      if (answer.isCancelled()) {
        throw new IllegalStateException("StartVM was cancelled (its deadline passed)");
      }
      ledger.complete(s, instance.id());
      faults.at(Step.INSTANCE_RECORDED, sandboxId);
    } catch (RuntimeException e) {
      LOG.warn(
          "pod {}: recording VM {} failed, deleting it: {}", pod, instance.id(), e.getMessage());
      metrics.failed(VmMetrics.Failure.RECORD);
      cloud.delete(instance.id());
      ledger.release(record);
      abandon(s);
      throw e;
    }
    Sandbox started = s.started(instance.id(), instance.ips().get(0));
    try {
      networks.connect(s.tunnel(), started.address());
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "pod {}: cannot point the pod's tunnel at VM {}, deleting it: {}",
          pod,
          instance.id(),
          e.getMessage());
      metrics.failed(VmMetrics.Failure.TUNNEL);
      cloud.delete(instance.id());
      ledger.release(record);
      abandon(s);
      throw new IllegalStateException(
          "StartVM: the pod's tunnel to " + started.address() + ": " + e.getMessage(), e);
    }
    return started;
  }

  /** Serves the agent socket once the VM's forwarder answers; else deletes the VM. */
  private CompletableFuture<Sandbox> reachable(Sandbox started, PeerPod record, long began) {
    String sandboxId = started.request().sandboxId();
    CompletableFuture<Void> answered;
    try {
      answered = proxies.start(started, socket(sandboxId), work);
    } catch (IOException | RuntimeException e) {
      answered = CompletableFuture.failedFuture(e);
    }
    return answered.handleAsync(
        (ok, error) -> {
          if (error != null) {
            Throwable e = unwrap(error);
            LOG.warn(
                "pod {}: VM {} unreachable, deleting it: {}",
                pod(started),
                started.instanceId(),
                e.getMessage());
            metrics.failed(VmMetrics.Failure.PROXY);
            try {
              cloud.delete(started.instanceId());
            } catch (CloudException deleting) {
              e.addSuppressed(deleting);
              throw new CompletionException(deleting);
            }
            ledger.release(record);
            abandon(started);
            throw e instanceof IOException io
                ? new UncheckedIOException(io.getMessage(), io)
                : new CompletionException(e);
          }
          sandboxes.put(sandboxId, started);
          metrics.created(Duration.ofNanos(System.nanoTime() - began));
          LOG.info(
              "pod {}: VM {} is {} at {}",
              pod(started),
              started.instanceName(),
              started.instanceId(),
              started.address());
          return started;
        },
        work);
  }

  private static String pod(Sandbox s) {
    return s.request().podNamespace() + "/" + s.request().podName();
  }

  /** StopVM, waiting for its answer. */
  public void stop(String sandboxId) throws CloudException {
    await(stopAsync(sandboxId));
  }

  /**
   * StopVM: deletes the VM, then lets its record go, without holding a thread while the cloud
   * deletes. Stopping an unknown sandbox is a no-op.
   */
  public CompletableFuture<Void> stopAsync(String sandboxId) {
    Sandbox s = sandboxes.get(sandboxId);
    // A VM this process started has its record under names it knows: nothing to read first.
    boolean started = s != null && s.instanceId() != null;
    Optional<PeerPod> record =
        started
            ? Optional.empty()
            : s != null
                ? ledger.find(s.request().podNamespace(), s.instanceName())
                : ledger.onNode(settings.node()).stream()
                    .filter(pp -> sandboxId.equals(pp.getSpec().getSandboxID()))
                    .findFirst();
    String instanceId =
        started ? s.instanceId() : record.map(pp -> pp.getSpec().getInstanceID()).orElse(null);
    proxies.stop(sandboxId);
    long began = System.nanoTime();
    CompletableFuture<Void> deleted;
    try {
      deleted =
          instanceId != null
              ? cloud.deleteAsync(instanceId, cloudCalls)
              : CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      deleted = CompletableFuture.failedFuture(e);
    }
    return deleted
        .thenRunAsync(
            () -> {
              try {
                deleteTagged(sandboxId);
              } catch (CloudException e) {
                throw new CompletionException(e);
              }
            },
            work)
        .whenComplete(
            (done, error) -> {
              if (error != null) {
                metrics.failed(VmMetrics.Failure.DELETE);
              }
            })
        .thenRun(
            () -> {
              metrics.deleted(Duration.ofNanos(System.nanoTime() - began));
              faults.at(Step.INSTANCE_DELETED, sandboxId);
              if (started) {
                ledger.release(s.request().podNamespace(), s.instanceName());
              } else {
                record.ifPresent(ledger::release);
              }
              networks.remove(s != null ? s.tunnel() : savedTunnel(sandboxId));
              sandboxes.remove(sandboxId);
              forgetCopy(sandboxId);
              if (s != null || record.isPresent()) {
                LOG.info("sandbox {}: VM {} deleted", sandboxId, instanceId);
              }
            });
  }

  /** The cause of a future's failure, not its wrapper. */
  private static Throwable unwrap(Throwable e) {
    return (e instanceof CompletionException || e instanceof ExecutionException)
            && e.getCause() != null
        ? e.getCause()
        : e;
  }

  /** A future's result, its failure thrown as itself (a fault's Error too). */
  private static <T> T await(CompletableFuture<T> future) throws CloudException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new CloudException("interrupted");
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof CloudException c) {
        throw c;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause.getMessage(), cause);
    }
  }

  /** Sandboxes this process knows, live or being started. */
  public Map<String, Sandbox> sandboxes() {
    return Map.copyOf(sandboxes);
  }

  /** After a restart: takes a VM found by the janitor back under this process's care. */
  void adopt(Sandbox found) {
    String sid = found.request().sandboxId();
    Sandbox sandbox = found.withTunnel(savedTunnel(sid));
    if (sandboxes.putIfAbsent(sid, sandbox) != null) {
      return;
    }
    try {
      networks.restore(sandbox.tunnel(), sandbox.address());
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "sandbox {}: cannot restore the pod's tunnel to adopted VM {}: {}",
          sid,
          sandbox.instanceName(),
          e.getMessage());
    }
    try {
      proxies.attach(sandbox, socket(sid), work);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "sandbox {}: cannot serve the agent socket of adopted VM {}: {}",
          sid,
          sandbox.instanceName(),
          e.getMessage());
    }
  }

  VmMetrics metrics() {
    return metrics;
  }

  CloudProvider cloud() {
    return cloud;
  }

  PodVmSettings settings() {
    return settings;
  }

  /** Any instance of this sandbox the cloud has, even one a failed call did not report. */
  void deleteTagged(String sandboxId) throws CloudException {
    for (Instance i : cloud.list(Map.of(InstanceTags.SANDBOX, sandboxId))) {
      cloud.delete(i.id());
    }
  }

  private Map<String, String> tags(SandboxRequest r, String name) {
    Map<String, String> tags = new LinkedHashMap<>(settings.userTags());
    tags.put(InstanceTags.NAME, name);
    tags.put(InstanceTags.CLUSTER, settings.clusterId());
    tags.put(InstanceTags.NODE, settings.node());
    tags.put(InstanceTags.SANDBOX, r.sandboxId());
    tags.put(InstanceTags.POD, r.podNamespace() + "/" + r.podName());
    return tags;
  }
}
