package dev.osc.caa.cloud.aws;

import static dev.osc.api.peerpods.PeerPodsKeys.PODVM_AMI_ID;
import static dev.osc.api.peerpods.PeerPodsKeys.PODVM_INSTANCE_TYPE;
import static dev.osc.api.peerpods.PeerPodsKeys.PODVM_INSTANCE_TYPES;

import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.Provider;
import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.CloudProvider;
import dev.osc.caa.cloud.InstanceTags;
import dev.osc.caa.cloud.InstanceType;
import dev.osc.caa.cloud.LaunchRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.GpuDeviceInfo;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * Pod VMs as EC2 instances, launched and found the way upstream's AWS provider does (see {@link
 * LaunchParameters}), with two additions against leaks: a launch first looks for a live instance
 * with the same {@code Name} and launches with a {@code ClientToken} derived from the name, so
 * neither a retry after a crash nor one after a lost response starts a second VM.
 *
 * <p>A {@code ClientToken} stays bound to its first instance even after that one is terminated;
 * launching a name again after deleting it fails (names carry the sandbox id, so a new sandbox has
 * a new name).
 */
public final class AwsProvider implements CloudProvider {

  /** EC2 answers at most this many instances per DescribeInstances page. */
  static final int PAGE_SIZE = 1000;

  private static final List<String> LAUNCHED = List.of("pending", "running");
  private static final List<String> LISTED = List.of("pending", "running", "stopping", "stopped");
  private static final String NOT_FOUND = "InvalidInstanceID.NotFound";
  private static final Logger log = LoggerFactory.getLogger(AwsProvider.class);

  private final AwsSettings settings;
  private final Ec2Client ec2;
  private final Ec2Calls calls;
  private final RunningWait wait;
  private final RootVolume rootVolume;
  private final List<InstanceType> instanceTypes;

  private AwsProvider(AwsSettings settings, Ec2Client ec2, Ec2Calls calls, RunningWait wait)
      throws CloudException {
    this.settings = settings;
    this.ec2 = ec2;
    this.calls = calls;
    this.wait = wait;
    // Without an AMI yet (the image Job is making it) there is no image to size the volume from.
    this.rootVolume = settings.amiId() != null ? rootVolume() : null;
    this.instanceTypes = describeInstanceTypes();
  }

  /** Connects to EC2 and reads the pod VM image and the allowed instance types. */
  public static AwsProvider start(AwsSettings settings) throws CloudException {
    return start(
        settings, RunningWait.DEFAULT, Ec2Calls.Policy.of(settings.maxConcurrentCalls()), null);
  }

  /**
   * @param trust the certificates to trust instead of the JDK's (tests), or null
   */
  static AwsProvider start(
      AwsSettings settings,
      RunningWait wait,
      Ec2Calls.Policy policy,
      TlsTrustManagersProvider trust)
      throws CloudException {
    Ec2Client ec2 = Ec2Clients.create(settings, trust);
    try {
      AwsProvider provider = new AwsProvider(settings, ec2, new Ec2Calls(policy), wait);
      log.info("AWS provider ready: {}, root volume {}", settings, provider.rootVolume);
      return provider;
    } catch (CloudException | RuntimeException e) {
      ec2.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return Provider.AWS.value();
  }

  @Override
  public String defaultInstanceType() {
    return settings.instanceType();
  }

  @Override
  public List<InstanceType> instanceTypes() {
    return instanceTypes;
  }

  /** The root volume size actually launched with, after raising it to the AMI's; 0 if unset. */
  int rootVolumeSizeGiB() {
    return rootVolume == null ? 0 : rootVolume.sizeGiB();
  }

  @Override
  public dev.osc.caa.cloud.Instance create(LaunchRequest request) throws CloudException {
    if (request.spec().image() == null && settings.amiId() == null) {
      throw new CloudException(
          PODVM_AMI_ID
              + " is not set in "
              + PeerPodsKeys.CONFIG_MAP
              + ": the pod VM image Job has not made the image yet, or set your own AMI there");
    }
    Instance instance = launched(request).orElse(null);
    if (instance == null) {
      instance =
          calls
              .call(
                  "RunInstances",
                  () ->
                      ec2.runInstances(
                          LaunchParameters.runInstances(settings, rootVolume, request)))
              .instances()
              .get(0);
      String state = instance.state().nameAsString();
      if (!LAUNCHED.contains(state)) {
        throw new CloudException(
            "EC2 RunInstances for "
                + request.name()
                + " returned "
                + instance.instanceId()
                + ", "
                + state
                + ": an earlier launch of this name used the "
                + "same client token; a new VM needs a new name");
      }
      log.info(
          "launched {} as {} ({})",
          request.name(),
          instance.instanceId(),
          instance.instanceTypeAsString());
      try {
        return addressed(instance, request);
      } catch (CloudException | RuntimeException e) {
        // Launched but not usable: nothing of it may stay behind. Should this fail too, StartVM's
        // lookup by tag or the janitor deletes it.
        try {
          delete(instance.instanceId());
        } catch (CloudException | RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
        throw e;
      }
    }
    log.info("{} already runs as {}; not launching another", request.name(), instance.instanceId());
    return addressed(instance, request);
  }

  /** The instance with its address, once it has one. */
  private dev.osc.caa.cloud.Instance addressed(Instance instance, LaunchRequest request)
      throws CloudException {
    if (settings.usePublicIp()) {
      instance = awaitRunning(instance.instanceId());
    }
    List<String> ips = Ec2Instances.addresses(instance, settings.usePublicIp());
    Optional<String> notReady = ips.stream().filter(Ec2Instances::notReady).findFirst();
    if (ips.isEmpty() || notReady.isPresent()) {
      throw new CloudException(
          "EC2 instance "
              + instance.instanceId()
              + " ("
              + request.name()
              + "): address not ready"
              + (ips.isEmpty() ? "" : " ('" + notReady.get() + "')"));
    }
    return Ec2Instances.toInstance(instance, ips);
  }

  @Override
  public void delete(String instanceId) throws CloudException {
    try {
      calls.call(
          "TerminateInstances", () -> ec2.terminateInstances(r -> r.instanceIds(instanceId)));
      log.info("terminated {}", instanceId);
    } catch (Ec2CallException e) {
      if (!NOT_FOUND.equals(e.code())) {
        throw e;
      }
      log.info("{} is already gone", instanceId);
    }
  }

  @Override
  public List<dev.osc.caa.cloud.Instance> list(Map<String, String> tags) throws CloudException {
    List<Filter> filters = new ArrayList<>();
    tags.forEach((k, v) -> filters.add(filter("tag:" + k, List.of(v))));
    filters.add(filter("instance-state-name", LISTED));
    List<dev.osc.caa.cloud.Instance> found = new ArrayList<>();
    for (Instance i :
        describe(
            DescribeInstancesRequest.builder().filters(filters).maxResults(PAGE_SIZE).build())) {
      found.add(
          Ec2Instances.toInstance(
              i, Ec2Instances.addresses(i, settings.usePublicIp() && i.publicIpAddress() != null)));
    }
    return found;
  }

  @Override
  public void close() {
    ec2.close();
  }

  /**
   * The live instance an earlier launch of this name left (the adaptor crashed before recording
   * it): same Name, and same cluster when the request says which.
   */
  private Optional<Instance> launched(LaunchRequest request) throws CloudException {
    List<Filter> filters = new ArrayList<>();
    filters.add(filter("tag:" + InstanceTags.NAME, List.of(request.name())));
    String cluster = request.tags().get(InstanceTags.CLUSTER);
    if (cluster != null) {
      filters.add(filter("tag:" + InstanceTags.CLUSTER, List.of(cluster)));
    }
    filters.add(filter("instance-state-name", LAUNCHED));
    return describe(DescribeInstancesRequest.builder().filters(filters).build()).stream()
        .min(Comparator.comparing(Instance::launchTime));
  }

  /** Every instance of every page. */
  private List<Instance> describe(DescribeInstancesRequest request) throws CloudException {
    return calls.call(
        "DescribeInstances",
        () ->
            ec2.describeInstancesPaginator(request).reservations().stream()
                .map(Reservation::instances)
                .flatMap(List::stream)
                .toList());
  }

  /** Polls until the instance runs: EC2 gives it a public address only then. */
  private Instance awaitRunning(String id) throws CloudException {
    long deadline = System.nanoTime() + wait.timeout().toNanos();
    String state = "unknown";
    while (true) {
      try {
        List<Instance> found = describe(DescribeInstancesRequest.builder().instanceIds(id).build());
        if (!found.isEmpty()) {
          Instance instance = found.get(0);
          state = instance.state().nameAsString();
          if (instance.state().name() == InstanceStateName.RUNNING) {
            return instance;
          }
          if (!LAUNCHED.contains(state)) {
            throw new CloudException(
                "EC2 instance " + id + " is " + state + " instead of starting");
          }
        }
      } catch (Ec2CallException e) {
        // EC2 is eventually consistent: a new instance can be unknown to Describe for a moment.
        if (!NOT_FOUND.equals(e.code())) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new CloudException(
            "EC2 instance "
                + id
                + " is not running after "
                + wait.timeout().toSeconds()
                + "s (state "
                + state
                + ")");
      }
      sleep(wait.interval());
    }
  }

  private RootVolume rootVolume() throws CloudException {
    String ami = settings.amiId();
    List<Image> images;
    try {
      images =
          calls.call("DescribeImages", () -> ec2.describeImages(r -> r.imageIds(ami))).images();
    } catch (Ec2CallException e) {
      throw new CloudException(PODVM_AMI_ID + " " + ami + ": " + e.getMessage(), e);
    }
    if (images.isEmpty()) {
      throw new CloudException(PODVM_AMI_ID + " " + ami + ": EC2 DescribeImages found no image");
    }
    Image image = images.get(0);
    int imageSize =
        image.blockDeviceMappings().stream()
            .filter(m -> image.rootDeviceName().equals(m.deviceName()) && m.ebs() != null)
            .map(m -> m.ebs().volumeSize())
            .filter(s -> s != null)
            .findFirst()
            .orElse(0);
    return new RootVolume(
        image.rootDeviceName(), Math.max(settings.rootVolumeSizeGiB(), imageSize));
  }

  private List<InstanceType> describeInstanceTypes() throws CloudException {
    List<String> names =
        settings.instanceTypes().isEmpty()
            ? List.of(settings.instanceType())
            : settings.instanceTypes();
    String key =
        (settings.instanceTypes().isEmpty() ? PODVM_INSTANCE_TYPE : PODVM_INSTANCE_TYPES).name();
    List<InstanceTypeInfo> infos;
    try {
      infos =
          calls.call(
              "DescribeInstanceTypes",
              () ->
                  ec2
                      .describeInstanceTypesPaginator(r -> r.instanceTypesWithStrings(names))
                      .instanceTypes()
                      .stream()
                      .toList());
    } catch (Ec2CallException e) {
      throw new CloudException(key + " " + names + ": " + e.getMessage(), e);
    }
    List<InstanceType> types = new ArrayList<>();
    for (String name : names) {
      InstanceTypeInfo info =
          infos.stream()
              .filter(i -> name.equals(i.instanceTypeAsString()))
              .findFirst()
              .orElseThrow(() -> new CloudException(key + ": EC2 does not describe " + name));
      long gpus =
          info.gpuInfo() == null
              ? 0
              : info.gpuInfo().gpus().stream()
                  .map(GpuDeviceInfo::count)
                  .filter(c -> c != null)
                  .mapToLong(Integer::longValue)
                  .sum();
      types.add(
          new InstanceType(
              name, info.vCpuInfo().defaultVCpus(), info.memoryInfo().sizeInMiB(), gpus));
    }
    return List.copyOf(types);
  }

  private static Filter filter(String name, List<String> values) {
    return Filter.builder().name(name).values(values).build();
  }

  private static void sleep(Duration interval) throws CloudException {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudException("interrupted while waiting for an EC2 instance to run", e);
    }
  }
}
