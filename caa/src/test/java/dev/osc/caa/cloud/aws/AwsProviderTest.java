package dev.osc.caa.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osc.api.peerpods.PeerPodsSettings;
import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.Instance;
import dev.osc.caa.cloud.InstanceSpec;
import dev.osc.caa.cloud.InstanceTags;
import dev.osc.caa.cloud.InstanceType;
import dev.osc.caa.cloud.LaunchRequest;
import dev.osc.testkit.ec2.Ec2Call;
import dev.osc.testkit.ec2.Ec2Endpoint;
import dev.osc.testkit.ec2.Ec2Fault;
import dev.osc.testkit.ec2.Ec2Instance;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AWS provider with the real SDK against {@link Ec2Endpoint}. */
class AwsProviderTest {
  static final String AMI = "ami-0fedcba9876543210";
  static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
  static final RunningWait FAST = new RunningWait(Duration.ofMillis(20), Duration.ofSeconds(10));
  static final String USER_DATA =
      "#cloud-config\nwrite_files:\n- path: /run/peerpod/daemon.json\n"
          + "  content: '{\"pod-network\": \"ünïcödé\"}'\n";

  Ec2Endpoint ec2;
  final List<AwsProvider> providers = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    // An AMI whose root snapshot (40 GiB) is larger than the default ROOT_VOLUME_SIZE (6).
    ec2 = Ec2Endpoint.start().registerImage(AMI, "/dev/sda1", 40).pendingFor(Duration.ofMillis(50));
  }

  @AfterEach
  void stop() {
    providers.forEach(AwsProvider::close);
    ec2.close();
  }

  Map<String, String> env(String... keyValues) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "AWS_REGION",
                "eu-west-1",
                "AWS_ACCESS_KEY_ID",
                ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY",
                AwsSettingsTest.SECRET,
                "AWS_SESSION_TOKEN",
                AwsSettingsTest.SESSION,
                "AWS_ENDPOINT_URL",
                ec2.uri().toString(),
                "PODVM_AMI_ID",
                AMI,
                "AWS_SUBNET_ID",
                "subnet-0123456789abcdef0",
                "AWS_SG_IDS",
                "sg-0aaa,sg-0bbb",
                "SSH_KP_NAME",
                "podvm-debug"));
    env.putAll(Map.of("CLOUD_PROVIDER", "aws", "AWS_VPC_ID", "vpc-1"));
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return env;
  }

  AwsProvider provider(String... keyValues) throws CloudException {
    AwsProvider provider =
        AwsProvider.start(AwsSettings.from(PeerPodsSettings.read(env(keyValues))), FAST);
    providers.add(provider);
    return provider;
  }

  static LaunchRequest request(String name, String cluster, InstanceSpec spec) {
    // As PodVms makes them: the user's TAGS, then the identity tags.
    return new LaunchRequest(
        name,
        USER_DATA,
        spec,
        Map.of(
            "team",
            "kata",
            "cost-center",
            "42",
            InstanceTags.CLUSTER,
            cluster,
            InstanceTags.NODE,
            "worker-0",
            InstanceTags.SANDBOX,
            "5f3c" + name.hashCode(),
            InstanceTags.POD,
            "default/" + name));
  }

  static LaunchRequest request(String name) {
    return request(name, "cluster-a", new InstanceSpec(null, 0, 0, 0, null));
  }

  @Test
  void startupReadsTheImageAndTheAllowedTypes() throws Exception {
    AwsProvider aws = provider("PODVM_INSTANCE_TYPES", "t3.medium,m6a.large,g4dn.xlarge");

    assertThat(aws.name()).isEqualTo("aws");
    assertThat(aws.instanceTypes())
        .containsExactly(
            new InstanceType("t3.medium", 2, 4096, 0),
            new InstanceType("m6a.large", 2, 8192, 0),
            new InstanceType("g4dn.xlarge", 4, 16384, 1));
    assertThat(aws.rootVolumeSizeGiB()).as("raised to the AMI's 40 GiB").isEqualTo(40);
    assertThat(ec2.calls("DescribeImages"))
        .singleElement()
        .satisfies(c -> assertThat(c.list("ImageId")).containsExactly(AMI));
    assertThat(ec2.calls()).allSatisfy(c -> assertThat(c.accessKeyId()).isEqualTo(ACCESS_KEY));
  }

  @Test
  void withoutAnAllowListOnlyTheDefaultTypeIsDescribed() throws Exception {
    assertThat(provider().instanceTypes())
        .containsExactly(new InstanceType("t3.medium", 2, 4096, 0));
    assertThat(ec2.calls("DescribeInstanceTypes").get(0).list("InstanceType"))
        .containsExactly("t3.medium");
  }

  @Test
  void aLargerConfiguredRootVolumeIsKept() throws Exception {
    assertThat(provider("ROOT_VOLUME_SIZE", "100").rootVolumeSizeGiB()).isEqualTo(100);
  }

  @Test
  void launchSendsWhatThePodVmNeeds() throws Exception {
    Instance vm = provider().create(request("podvm-nginx-5f3c1a2b"));

    Ec2Call run = ec2.calls("RunInstances").get(0);
    assertThat(run.param("ImageId")).isEqualTo(AMI);
    assertThat(run.param("InstanceType")).isEqualTo("t3.medium");
    assertThat(run.param("MinCount")).isEqualTo("1");
    assertThat(run.param("MaxCount")).isEqualTo("1");
    assertThat(run.param("SubnetId")).isEqualTo("subnet-0123456789abcdef0");
    assertThat(run.list("SecurityGroupId")).containsExactly("sg-0aaa", "sg-0bbb");
    assertThat(run.param("KeyName")).isEqualTo("podvm-debug");
    assertThat(run.param("BlockDeviceMapping.1.DeviceName")).isEqualTo("/dev/sda1");
    assertThat(run.param("BlockDeviceMapping.1.Ebs.VolumeSize")).isEqualTo("40");
    assertThat(run.param("CpuOptions.AmdSevSnp")).as("DISABLECVM defaults to true").isNull();
    assertThat(run.params()).doesNotContainKey("NetworkInterface.1.AssociatePublicIpAddress");
    assertThat(
            new String(Base64.getDecoder().decode(run.param("UserData")), StandardCharsets.UTF_8))
        .isEqualTo(USER_DATA);
    assertThat(run.param("ClientToken")).hasSize(64);

    Ec2Instance launched = ec2.instance(vm.id()).orElseThrow();
    assertThat(launched.userData()).isEqualTo(USER_DATA);
    assertThat(launched.rootVolumeSizeGiB()).isEqualTo(40);
    assertThat(launched.tags())
        .containsEntry("Name", "podvm-nginx-5f3c1a2b")
        .containsEntry("team", "kata")
        .containsEntry("cost-center", "42")
        .containsEntry(InstanceTags.CLUSTER, "cluster-a")
        .containsEntry(InstanceTags.POD, "default/podvm-nginx-5f3c1a2b");
    assertThat(launched.volumeTags()).isEqualTo(launched.tags());
    assertThat(launched.amdSevSnp()).isFalse();

    assertThat(vm.id()).matches("i-[0-9a-f]{17}");
    assertThat(vm.name()).isEqualTo("podvm-nginx-5f3c1a2b");
    assertThat(vm.ips()).containsExactly(launched.privateIp());
    assertThat(vm.ips().get(0)).startsWith("10.0.");
    assertThat(vm.tags()).isEqualTo(launched.tags());
  }

  @Test
  void theAnnotationsImageAndTypeWin() throws Exception {
    String other = "ami-0123456789abcdef1";
    ec2.registerImage(other, "/dev/sda1", 10);
    provider("PODVM_INSTANCE_TYPES", "t3.medium,c5.xlarge")
        .create(request("podvm-a-1", "c", new InstanceSpec("c5.xlarge", 4, 8192, 0, other)));

    Ec2Call run = ec2.calls("RunInstances").get(0);
    assertThat(run.param("ImageId")).isEqualTo(other);
    assertThat(run.param("InstanceType")).isEqualTo("c5.xlarge");
  }

  @Test
  void sevSnpOnlyWhenConfidentialVmsAreEnabled() throws Exception {
    Instance vm =
        provider("DISABLECVM", "false", "PODVM_INSTANCE_TYPE", "m6a.large")
            .create(request("podvm-secret-1"));

    assertThat(ec2.calls("RunInstances").get(0).param("CpuOptions.AmdSevSnp")).isEqualTo("enabled");
    assertThat(ec2.instance(vm.id()).orElseThrow().amdSevSnp()).isTrue();
  }

  @Test
  void aPublicAddressComesFromTheRunningInstance() throws Exception {
    Instance vm = provider("USE_PUBLIC_IP", "true").create(request("podvm-public-1"));

    Ec2Call run = ec2.calls("RunInstances").get(0);
    assertThat(run.param("NetworkInterface.1.AssociatePublicIpAddress")).isEqualTo("true");
    assertThat(run.param("NetworkInterface.1.DeviceIndex")).isEqualTo("0");
    assertThat(run.param("NetworkInterface.1.SubnetId")).isEqualTo("subnet-0123456789abcdef0");
    assertThat(run.list("NetworkInterface.1.SecurityGroupId"))
        .containsExactly("sg-0aaa", "sg-0bbb");
    assertThat(run.param("SubnetId")).isNull();
    assertThat(run.list("SecurityGroupId")).isEmpty();

    Ec2Instance launched = ec2.instance(vm.id()).orElseThrow();
    assertThat(launched.state()).isEqualTo("running");
    assertThat(vm.ips()).containsExactly(launched.publicIp());
  }

  @Test
  void launchingTheSameNameTwiceGivesOneInstance() throws Exception {
    AwsProvider aws = provider();
    Instance first = aws.create(request("podvm-twice-1"));
    Instance second = aws.create(request("podvm-twice-1"));

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.ips()).isEqualTo(first.ips());
    assertThat(ec2.liveInstances()).hasSize(1);
    assertThat(ec2.calls("RunInstances")).hasSize(1);
  }

  @Test
  void concurrentLaunchesOfOneNameGiveOneInstance() throws Exception {
    AwsProvider aws = provider();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Instance>> launches = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        launches.add(pool.submit(() -> aws.create(request("podvm-race-1"))));
      }
      for (Future<Instance> launch : launches) {
        assertThat(launch.get().id()).isEqualTo(launches.get(0).get().id());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(ec2.instances()).hasSize(1);
  }

  @Test
  void aLostRunInstancesResponseIsRetriedIntoTheSameInstance() throws Exception {
    ec2.failNext("RunInstances", Ec2Fault.lostResponse());

    Instance vm = provider().create(request("podvm-lost-1"));

    List<Ec2Call> runs = ec2.calls("RunInstances");
    assertThat(runs).hasSize(2);
    // Ours, not one the SDK made up for this call: a restarted adaptor sends it again.
    assertThat(runs)
        .extracting(c -> c.param("ClientToken"))
        .containsOnly(LaunchParameters.clientToken(request("podvm-lost-1")));
    assertThat(ec2.instances())
        .singleElement()
        .satisfies(i -> assertThat(i.id()).isEqualTo(vm.id()));
  }

  @Test
  void aRestartedAdaptorThatCannotSeeItsLaunchYetReusesIt() throws Exception {
    // Describe lags behind launches, so the Name lookup misses; the ClientToken catches it.
    ec2.describeLag(Duration.ofSeconds(30));
    Instance beforeCrash = provider().create(request("podvm-crash-1"));

    Instance afterRestart = provider().create(request("podvm-crash-1"));

    assertThat(afterRestart.id()).isEqualTo(beforeCrash.id());
    assertThat(ec2.instances()).hasSize(1);
    assertThat(ec2.calls("DescribeInstances")).hasSize(2);
    assertThat(ec2.calls("RunInstances")).hasSize(2);
  }

  @Test
  void theSameNameInAnotherClusterOfTheAccountIsAnotherInstance() throws Exception {
    AwsProvider aws = provider();
    InstanceSpec defaults = new InstanceSpec(null, 0, 0, 0, null);
    Instance a = aws.create(request("podvm-same-1", "cluster-a", defaults));
    Instance b = aws.create(request("podvm-same-1", "cluster-b", defaults));

    assertThat(a.id()).isNotEqualTo(b.id());
    assertThat(ec2.liveInstances()).hasSize(2);
  }

  @Test
  void relaunchingADeletedNameFailsInsteadOfReturningTheDeadInstance() throws Exception {
    ec2.shuttingDownFor(Duration.ZERO);
    AwsProvider aws = provider();
    Instance vm = aws.create(request("podvm-again-1"));
    aws.delete(vm.id());

    assertThatThrownBy(() -> aws.create(request("podvm-again-1")))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining(vm.id())
        .hasMessageContaining("terminated")
        .hasMessageContaining("new name");
  }

  @Test
  void deleteTerminatesAndAGoneInstanceIsNoError() throws Exception {
    AwsProvider aws = provider();
    Instance vm = aws.create(request("podvm-del-1"));

    aws.delete(vm.id());
    assertThat(ec2.instance(vm.id()).orElseThrow().state()).isIn("shutting-down", "terminated");
    aws.delete(vm.id());
    aws.delete("i-0123456789abcdef0");

    assertThat(ec2.calls("TerminateInstances")).hasSize(3);
    assertThatThrownBy(() -> aws.delete("not-an-id"))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining("TerminateInstances")
        .hasMessageContaining("InvalidInstanceID.Malformed");
  }

  @Test
  void listFindsInstancesByTagsAcrossPages() throws Exception {
    ec2.pageSizeLimit(2);
    AwsProvider aws = provider();
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      mine.add(aws.create(request("podvm-mine-" + i)).id());
    }
    aws.create(request("podvm-theirs-1", "cluster-b", new InstanceSpec(null, 0, 0, 0, null)));
    aws.delete(mine.remove(0));
    ec2.clearCalls();

    List<Instance> found =
        aws.list(Map.of(InstanceTags.CLUSTER, "cluster-a", InstanceTags.NODE, "worker-0"));

    assertThat(found).extracting(Instance::id).containsExactlyInAnyOrderElementsOf(mine);
    assertThat(found).allSatisfy(i -> assertThat(i.ips()).hasSize(1));
    List<Ec2Call> pages = ec2.calls("DescribeInstances");
    assertThat(pages).hasSizeGreaterThan(1);
    assertThat(pages.get(1).param("NextToken")).isNotNull();
    assertThat(pages.get(0).structs("Filter"))
        .contains(
            Map.of("Name", "tag:" + InstanceTags.CLUSTER, "Value.1", "cluster-a"),
            Map.of(
                "Name",
                "instance-state-name",
                "Value.1",
                "pending",
                "Value.2",
                "running",
                "Value.3",
                "stopping",
                "Value.4",
                "stopped"));
  }

  @Test
  void noCapacityIsACloudErrorNamingTheCallAndTheCode() throws Exception {
    AwsProvider aws = provider();
    ec2.failNext("RunInstances", 10, Ec2Fault.insufficientCapacity("t3.medium"));

    CloudException e =
        assertThrows(CloudException.class, () -> aws.create(request("podvm-full-1")));

    assertThat(e)
        .hasMessageContaining("RunInstances")
        .hasMessageContaining("InsufficientInstanceCapacity")
        .hasMessageContaining("t3.medium capacity");
    assertThat(ec2.instances()).isEmpty();
    // The SDK retries a 500; each attempt carries the same token, so none could launch twice.
    List<Ec2Call> runs = ec2.calls("RunInstances");
    assertThat(runs).hasSizeGreaterThan(1);
    assertThat(runs)
        .extracting(c -> c.param("ClientToken"))
        .containsOnly(runs.get(0).param("ClientToken"));
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(AwsSettingsTest.SECRET, AwsSettingsTest.SESSION);
  }

  @Test
  void aWrongImageOrTypeFailsStartupNamingTheKey() {
    assertThatThrownBy(() -> provider("PODVM_AMI_ID", "ami-0000000000000dead"))
        .isInstanceOf(CloudException.class)
        .hasMessageStartingWith("PODVM_AMI_ID ami-0000000000000dead")
        .hasMessageContaining("DescribeImages")
        .hasMessageContaining("InvalidAMIID.NotFound");
    assertThatThrownBy(() -> provider("PODVM_INSTANCE_TYPES", "t3.medium,x9.huge"))
        .isInstanceOf(CloudException.class)
        .hasMessageStartingWith("PODVM_INSTANCE_TYPES")
        .hasMessageContaining("InvalidInstanceType")
        .hasMessageContaining("x9.huge");
  }

  @Test
  void secretsAreSentOnlyAsASignature() throws Exception {
    AwsProvider aws = provider();
    aws.create(request("podvm-sig-1"));
    assertThat(ec2.calls())
        .allSatisfy(
            c -> {
              assertThat(c.accessKeyId()).isEqualTo(ACCESS_KEY);
              assertThat(c.params().values()).noneMatch(v -> v.contains(AwsSettingsTest.SECRET));
            });
  }
}
