package dev.osc.caa.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.Instance;
import dev.osc.caa.cloud.InstanceSpec;
import dev.osc.caa.cloud.InstanceTags;
import dev.osc.caa.cloud.InstanceType;
import dev.osc.caa.cloud.LaunchRequest;
import dev.osc.testkit.ec2.Ec2Call;
import dev.osc.testkit.ec2.Ec2Fault;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;

/** The AWS provider with the real SDK against moto's EC2, through the fault proxy. */
class AwsProviderTest {
  static final String USER_DATA =
      "#cloud-config\nwrite_files:\n- path: /run/peerpod/daemon.json\n"
          + "  content: '{\"pod-network\": \"ünïcödé\"}'\n";

  MotoEc2 ec2;

  @BeforeEach
  void start() throws Exception {
    ec2 = MotoEc2.start();
  }

  @AfterEach
  void stop() {
    if (ec2 != null) {
      ec2.close();
    }
  }

  AwsProvider provider(String... keyValues) throws CloudException {
    return ec2.provider(keyValues);
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

  static Map<String, String> tags(List<Tag> tags) {
    return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
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
    assertThat(aws.rootVolumeSizeGiB()).as("raised to the AMI's 15 GiB").isEqualTo(15);
    assertThat(ec2.proxy.calls("DescribeImages"))
        .singleElement()
        .satisfies(c -> assertThat(c.list("ImageId")).containsExactly(ec2.ami));
    assertThat(ec2.proxy.calls())
        .allSatisfy(c -> assertThat(c.accessKeyId()).isEqualTo(MotoEc2.ACCESS_KEY));
  }

  @Test
  void withoutAnAllowListOnlyTheDefaultTypeIsDescribed() throws Exception {
    assertThat(provider().instanceTypes())
        .containsExactly(new InstanceType("t3.medium", 2, 4096, 0));
    assertThat(ec2.proxy.calls("DescribeInstanceTypes").get(0).list("InstanceType"))
        .containsExactly("t3.medium");
  }

  @Test
  void aLargerConfiguredRootVolumeIsKept() throws Exception {
    assertThat(provider("ROOT_VOLUME_SIZE", "100").rootVolumeSizeGiB()).isEqualTo(100);
  }

  @Test
  void launchSendsWhatThePodVmNeeds() throws Exception {
    Instance vm = provider().create(request("podvm-nginx-5f3c1a2b"));

    Ec2Call run = ec2.proxy.calls("RunInstances").get(0);
    assertThat(run.param("ImageId")).isEqualTo(ec2.ami);
    assertThat(run.param("InstanceType")).isEqualTo("t3.medium");
    assertThat(run.param("MinCount")).isEqualTo("1");
    assertThat(run.param("MaxCount")).isEqualTo("1");
    assertThat(run.param("SubnetId")).isEqualTo(ec2.subnet);
    assertThat(run.list("SecurityGroupId")).containsExactlyElementsOf(ec2.securityGroups);
    assertThat(run.param("KeyName")).isEqualTo(MotoEc2.KEY_PAIR);
    assertThat(run.param("BlockDeviceMapping.1.DeviceName")).isEqualTo("/dev/sda1");
    assertThat(run.param("BlockDeviceMapping.1.Ebs.VolumeSize")).isEqualTo("15");
    assertThat(run.param("CpuOptions.AmdSevSnp")).as("DISABLECVM defaults to true").isNull();
    assertThat(run.params()).doesNotContainKey("NetworkInterface.1.AssociatePublicIpAddress");
    assertThat(run.param("ClientToken")).hasSize(64);

    var launched = ec2.instance(vm.id());
    assertThat(launched.state().nameAsString()).isEqualTo("running");
    assertThat(launched.subnetId()).isEqualTo(ec2.subnet);
    assertThat(launched.securityGroups())
        .extracting(g -> g.groupId())
        .containsExactlyInAnyOrderElementsOf(ec2.securityGroups);
    assertThat(launched.keyName()).isEqualTo(MotoEc2.KEY_PAIR);
    assertThat(launched.imageId()).isEqualTo(ec2.ami);
    assertThat(
            new String(Base64.getDecoder().decode(ec2.userData(vm.id())), StandardCharsets.UTF_8))
        .isEqualTo(USER_DATA);
    assertThat(tags(launched.tags()))
        .containsEntry("Name", "podvm-nginx-5f3c1a2b")
        .containsEntry("team", "kata")
        .containsEntry("cost-center", "42")
        .containsEntry(InstanceTags.CLUSTER, "cluster-a")
        .containsEntry(InstanceTags.POD, "default/podvm-nginx-5f3c1a2b");
    Volume root = ec2.volumes(vm.id()).get(0);
    assertThat(root.size()).isEqualTo(15);
    assertThat(tags(root.tags())).isEqualTo(tags(launched.tags()));

    assertThat(vm.id()).matches("i-[0-9a-f]{17}");
    assertThat(vm.name()).isEqualTo("podvm-nginx-5f3c1a2b");
    assertThat(vm.ips()).containsExactly(launched.privateIpAddress());
    assertThat(vm.ips().get(0)).startsWith("10.0.1.");
    assertThat(vm.tags()).isEqualTo(tags(launched.tags()));
  }

  @Test
  void theAnnotationsImageAndTypeWin() throws Exception {
    String other = ec2.registerImage("podvm-other");
    Instance vm =
        provider("PODVM_INSTANCE_TYPES", "t3.medium,c5.xlarge")
            .create(request("podvm-a-1", "c", new InstanceSpec("c5.xlarge", 4, 8192, 0, other)));

    assertThat(ec2.instance(vm.id()).imageId()).isEqualTo(other);
    assertThat(ec2.instance(vm.id()).instanceTypeAsString()).isEqualTo("c5.xlarge");
  }

  @Test
  void sevSnpOnlyWhenConfidentialVmsAreEnabled() throws Exception {
    // moto keeps no CPU options: the request is what shows it.
    provider("DISABLECVM", "false", "PODVM_INSTANCE_TYPE", "m6a.large")
        .create(request("podvm-secret-1"));

    assertThat(ec2.proxy.calls("RunInstances").get(0).param("CpuOptions.AmdSevSnp"))
        .isEqualTo("enabled");
  }

  @Test
  void aPublicAddressComesFromTheRunningInstance() throws Exception {
    Instance vm = provider("USE_PUBLIC_IP", "true").create(request("podvm-public-1"));

    Ec2Call run = ec2.proxy.calls("RunInstances").get(0);
    assertThat(run.param("NetworkInterface.1.AssociatePublicIpAddress")).isEqualTo("true");
    assertThat(run.param("NetworkInterface.1.DeviceIndex")).isEqualTo("0");
    assertThat(run.param("NetworkInterface.1.SubnetId")).isEqualTo(ec2.subnet);
    assertThat(run.list("NetworkInterface.1.SecurityGroupId"))
        .containsExactlyElementsOf(ec2.securityGroups);
    assertThat(run.param("SubnetId")).isNull();
    assertThat(run.list("SecurityGroupId")).isEmpty();

    var launched = ec2.instance(vm.id());
    assertThat(launched.publicIpAddress()).isNotBlank();
    assertThat(vm.ips()).containsExactly(launched.publicIpAddress());
  }

  @Test
  void launchingTheSameNameTwiceGivesOneInstance() throws Exception {
    AwsProvider aws = provider();
    Instance first = aws.create(request("podvm-twice-1"));
    Instance second = aws.create(request("podvm-twice-1"));

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.ips()).isEqualTo(first.ips());
    assertThat(ec2.liveInstances()).hasSize(1);
    assertThat(ec2.proxy.calls("RunInstances")).hasSize(1);
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
    ec2.proxy.failNext("RunInstances", Ec2Fault.lostResponse());

    Instance vm = provider().create(request("podvm-lost-1"));

    List<Ec2Call> runs = ec2.proxy.calls("RunInstances");
    assertThat(runs).hasSize(2);
    // Ours, not one the SDK made up for this call: a restarted adaptor sends it again.
    assertThat(runs)
        .extracting(c -> c.param("ClientToken"))
        .containsOnly(LaunchParameters.clientToken(request("podvm-lost-1")));
    assertThat(ec2.instances())
        .singleElement()
        .satisfies(i -> assertThat(i.instanceId()).isEqualTo(vm.id()));
  }

  @Test
  void aRestartedAdaptorThatCannotSeeItsLaunchYetReusesIt() throws Exception {
    Instance beforeCrash = provider().create(request("podvm-crash-1"));
    // Describe lags behind launches, so the Name lookup misses; the ClientToken catches it.
    ec2.proxy.staleDescribes(1);

    Instance afterRestart = provider().create(request("podvm-crash-1"));

    assertThat(afterRestart.id()).isEqualTo(beforeCrash.id());
    assertThat(ec2.instances()).hasSize(1);
    assertThat(ec2.proxy.calls("DescribeInstances")).hasSize(2);
    assertThat(ec2.proxy.calls("RunInstances")).hasSize(2);
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
    AwsProvider aws = provider();
    Instance vm = aws.create(request("podvm-again-1"));
    aws.delete(vm.id());

    assertThatThrownBy(() -> aws.create(request("podvm-again-1")))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining(vm.id())
        .hasMessageContaining("terminated")
        .hasMessageContaining("new name");
    assertThat(ec2.liveInstances()).isEmpty();
  }

  @Test
  void deleteTerminatesAndAGoneInstanceIsNoError() throws Exception {
    AwsProvider aws = provider();
    Instance vm = aws.create(request("podvm-del-1"));

    aws.delete(vm.id());
    assertThat(ec2.instance(vm.id()).state().nameAsString()).isIn("shutting-down", "terminated");
    aws.delete(vm.id());
    aws.delete("i-0123456789abcdef0");

    assertThat(ec2.proxy.calls("TerminateInstances")).hasSize(3);
    // moto answers any unknown id with NotFound; EC2 tells a malformed one apart.
    ec2.proxy.failNext(
        "TerminateInstances",
        Ec2Fault.client("InvalidInstanceID.Malformed", "Invalid id: \"not-an-id\""));
    assertThatThrownBy(() -> aws.delete("not-an-id"))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining("TerminateInstances")
        .hasMessageContaining("InvalidInstanceID.Malformed");
  }

  @Test
  void listFindsInstancesByTagsAcrossPages() throws Exception {
    ec2.proxy.pageSizeLimit(2);
    AwsProvider aws = provider();
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      mine.add(aws.create(request("podvm-mine-" + i)).id());
    }
    aws.create(request("podvm-theirs-1", "cluster-b", new InstanceSpec(null, 0, 0, 0, null)));
    aws.delete(mine.remove(0));
    ec2.proxy.clearCalls();

    List<Instance> found =
        aws.list(Map.of(InstanceTags.CLUSTER, "cluster-a", InstanceTags.NODE, "worker-0"));

    assertThat(found).extracting(Instance::id).containsExactlyInAnyOrderElementsOf(mine);
    assertThat(found).allSatisfy(i -> assertThat(i.ips()).hasSize(1));
    List<Ec2Call> pages = ec2.proxy.calls("DescribeInstances");
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
  void noCapacityWithinTheBudgetIsACloudErrorNamingTheCallAndTheCode() throws Exception {
    AwsProvider aws =
        ec2.provider(
            new Ec2Calls.Policy(
                10, Duration.ofSeconds(1), Duration.ofMillis(20), Duration.ofMillis(100)));
    ec2.proxy.throttle(Set.of("RunInstances"), 1.0, Ec2Fault.insufficientCapacity("t3.medium"), 1);

    CloudException e =
        assertThrows(CloudException.class, () -> aws.create(request("podvm-full-1")));

    assertThat(e)
        .hasMessageContaining("RunInstances")
        .hasMessageContaining("InsufficientInstanceCapacity")
        .hasMessageContaining("t3.medium capacity")
        .hasMessageContaining("gave up after");
    assertThat(ec2.instances()).isEmpty();
    // Retried; each attempt carries the same token, so none could launch twice.
    List<Ec2Call> runs = ec2.proxy.calls("RunInstances");
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
  void aSubnetOrSecurityGroupTheAccountLacksIsEc2sError() throws Exception {
    assertThatThrownBy(
            () -> provider("AWS_SUBNET_ID", "subnet-0123456789abcdef0").create(request("podvm-s")))
        .hasMessageContaining("RunInstances")
        .hasMessageContaining("InvalidSubnetID.NotFound");
    assertThatThrownBy(() -> provider("AWS_SG_IDS", "sg-0aaa").create(request("podvm-g")))
        .hasMessageContaining("InvalidGroup.NotFound");
    assertThat(ec2.instances()).isEmpty();
  }

  @Test
  void secretsAreSentOnlyAsASignature() throws Exception {
    AwsProvider aws = provider();
    aws.create(request("podvm-sig-1"));
    assertThat(ec2.proxy.calls())
        .allSatisfy(
            c -> {
              assertThat(c.accessKeyId()).isEqualTo(MotoEc2.ACCESS_KEY);
              assertThat(c.params().values()).noneMatch(v -> v.contains(AwsSettingsTest.SECRET));
            });
  }
}
