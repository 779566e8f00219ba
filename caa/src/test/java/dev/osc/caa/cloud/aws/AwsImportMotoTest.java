package dev.osc.caa.cloud.aws;

import static dev.osc.testkit.Programs.onPath;
import static dev.osc.testkit.Programs.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.osc.api.Names;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.PeerPodsSettings;
import dev.osc.api.peerpods.PodVmImageKeys;
import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.image.ImageJob;
import dev.osc.caa.image.ImageRequest;
import dev.osc.caa.image.PeerPodsConfigMap;
import dev.osc.caa.image.oci.FakeRegistry;
import dev.osc.caa.image.oci.OciFile;
import dev.osc.caa.image.oci.OciPuller;
import dev.osc.caa.image.oci.RegistryCredentials;
import dev.osc.testkit.MockApi;
import dev.osc.testkit.ec2.Ec2Call;
import dev.osc.testkit.ec2.MotoFill;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The AWS image Job's import of a prebuilt disk, end to end on moto (scripts/moto.sh): the qcow2
 * made by qemu-img is served by a loopback registry under the default image's repository and tag,
 * pulled, converted, uploaded to moto's S3, imported and registered. moto lacks ImportSnapshot and
 * DescribeImportSnapshotTasks and keeps only a RegisterImage's name: {@link MotoFill} fills those
 * as EC2 behaves.
 */
class AwsImportMotoTest {
  static final String SKIPPED =
      "moto not running (scripts/moto.sh start; OSC_MOTO_ENDPOINT, OSC_MOTO_CA) or no qemu-img:"
          + " AWS image import tests on moto skipped";
  static final String REGION = "eu-west-1";
  static final String NS = Names.OPERATOR_NAMESPACE;

  @TempDir static Path dir;
  static Path qcow2;
  static String rawDigest;
  static FakeRegistry registry;

  MotoFill fill;
  String account;
  Ec2Client ec2;
  S3Client s3;

  @BeforeAll
  static void disk() throws Exception {
    String endpoint = System.getenv("OSC_MOTO_ENDPOINT");
    String ca = System.getenv("OSC_MOTO_CA");
    assumeTrue(endpoint != null && ca != null && onPath("qemu-img"), SKIPPED);
    // A 12 MiB guest disk, compressed qcow2 (qemu-img convert -c): bigger than the 5 MiB test
    // parts, so the upload is multipart.
    Path raw = dir.resolve("guest.raw");
    try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
      f.setLength(12 << 20);
      byte[] noise = new byte[1 << 20];
      new Random(7).nextBytes(noise);
      f.write(noise);
      f.seek(6 << 20);
      f.write("GPT pod VM root ".repeat(50_000).getBytes(StandardCharsets.US_ASCII));
    }
    qcow2 = dir.resolve("podvm.qcow2");
    run("qemu-img", "convert", "-c", "-f", "raw", "-O", "qcow2", raw.toString(), qcow2.toString());
    Path expected = dir.resolve("expected.raw");
    run("qemu-img", "convert", "-f", "qcow2", "-O", "raw", qcow2.toString(), expected.toString());
    rawDigest =
        "sha256:"
            + HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(expected)));
    registry = new FakeRegistry();
    OciFile def = OciFile.parse(PodVmImageKeys.DEFAULT_AWS_IMAGE_URI);
    registry.push(
        def.repository(),
        def.reference(),
        List.of(FakeRegistry.layer("image/podvm.qcow2", Files.readAllBytes(qcow2))));
  }

  /** The default image's repository, tag and path, on the loopback registry. */
  static String standInUri() {
    OciFile def = OciFile.parse(PodVmImageKeys.DEFAULT_AWS_IMAGE_URI);
    return OciFile.PREFIX
        + registry.host()
        + "/"
        + def.repository()
        + ":"
        + def.reference()
        + "::"
        + def.path();
  }

  @BeforeEach
  void start() throws Exception {
    fill =
        MotoFill.start(
            URI.create(System.getenv("OSC_MOTO_ENDPOINT")), Path.of(System.getenv("OSC_MOTO_CA")));
    // moto takes a 12-digit access key id as the account: every test gets its own.
    account = String.format("%012d", Math.abs(new SecureRandom().nextLong() % 1_000_000_000_000L));
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(account, "x"));
    ec2 =
        Ec2Client.builder()
            .region(Region.of(REGION))
            .credentialsProvider(credentials)
            .endpointOverride(fill.uri())
            .build();
    s3 =
        S3Client.builder()
            .region(Region.of(REGION))
            .credentialsProvider(credentials)
            .endpointOverride(fill.uri())
            .forcePathStyle(true)
            .build();
  }

  @AfterEach
  void stop() {
    if (fill != null) {
      ec2.close();
      s3.close();
      fill.close();
    }
  }

  @AfterAll
  static void closeRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  private Map<String, String> env(String... keyValues) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "CLOUD_PROVIDER",
                "aws",
                "AWS_REGION",
                REGION,
                "AWS_ACCESS_KEY_ID",
                account,
                "AWS_SECRET_ACCESS_KEY",
                "do-not-print",
                "AWS_ENDPOINT_URL",
                fill.uri().toString(),
                "PODVM_IMAGE_URI",
                standInUri()));
    // The docs' peer-pods-cm (3.3.1) names the network; the import does not use it.
    env.putAll(Map.of("AWS_SUBNET_ID", "subnet-1", "AWS_VPC_ID", "vpc-1", "AWS_SG_IDS", "sg-1"));
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return env;
  }

  private AwsImages images(Map<String, String> env) throws CloudException {
    OciPuller puller = new OciPuller(registry.clientTls(), "amd64", RegistryCredentials.none());
    return AwsImages.start(
        AwsSettings.from(PeerPodsSettings.read(env)),
        puller,
        new AwsImages.Wait(Duration.ofMillis(50), Duration.ofSeconds(30)),
        new SnapshotImport.Wait(Duration.ofMillis(50), Duration.ofSeconds(30)),
        5L << 20);
  }

  @Test
  void theJobMakesTheAmiFromTheDiskAndRecordsItInPeerPodsCm() throws Exception {
    try (MockApi api = new MockApi()) {
      KubernetesClient client = api.client();
      client
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName(PeerPodsKeys.CONFIG_MAP)
                  .withNamespace(NS)
                  .endMetadata()
                  .withData(Map.of("CLOUD_PROVIDER", "aws", "PODVM_AMI_ID", ""))
                  .build())
          .create();
      ImageJob job =
          new ImageJob(
              env(),
              new PeerPodsConfigMap(client, NS),
              (settings, e) -> images(e),
              Clock.systemUTC());

      ImageJob.Outcome created = job.create();

      assertThat(created.exitCode()).as(created.message()).isZero();
      String ami =
          client
              .configMaps()
              .inNamespace(NS)
              .withName(PeerPodsKeys.CONFIG_MAP)
              .get()
              .getData()
              .get("PODVM_AMI_ID");
      assertThat(ami).matches("ami-[0-9a-f]{17}");
      assertThat(created.message()).contains(ami).doesNotContain("do-not-print");

      // The disk EC2 imported is qemu-img's raw conversion of the qcow2, byte for byte.
      assertThat(fill.importedDigests()).containsExactly(rawDigest);
      Ec2Call imported = fill.calls("ImportSnapshot").get(0);
      assertThat(imported.params()).containsEntry("DiskContainer.Format", "RAW");
      assertThat(fill.calls("DescribeImportSnapshotTasks")).hasSizeGreaterThan(2);
      var snapshots =
          ec2.describeSnapshots(
                  r ->
                      r.filters(
                          Filter.builder()
                              .name("tag:" + SnapshotImport.TAG)
                              .values(
                                  ec2.describeImages(i -> i.imageIds(ami)).images().get(0).name())
                              .build()))
              .snapshots();
      assertThat(snapshots).hasSize(1);
      Ec2Call register = fill.calls("RegisterImage").get(0);
      assertThat(register.params())
          .containsEntry("Architecture", "x86_64")
          .containsEntry("BootMode", "uefi")
          .containsEntry("EnaSupport", "true")
          .containsEntry("VirtualizationType", "hvm")
          .containsEntry("RootDeviceName", "/dev/xvda")
          .containsEntry("BlockDeviceMapping.1.DeviceName", "/dev/xvda")
          .containsEntry("BlockDeviceMapping.1.Ebs.SnapshotId", snapshots.get(0).snapshotId());
      // BUCKET_NAME empty: the bucket made for the import is gone, with the disk.
      assertThat(bucketsNamed("podvm-image-")).isEmpty();

      // The deletion Job: the AMI and the snapshot imported for it go.
      ImageJob.Outcome deleted =
          new ImageJob(
                  env("AMI_ID", ami),
                  new PeerPodsConfigMap(client, NS),
                  (settings, e) -> images(e),
                  Clock.systemUTC())
              .delete(null);
      assertThat(deleted.exitCode()).as(deleted.message()).isZero();
      // EC2 shows a deregistered AMI for a while, or not at all; never as available.
      assertThat(ec2.describeImages(i -> i.imageIds(ami)).images())
          .noneMatch(i -> "available".equals(i.stateAsString()));
      assertThatThrownBy(
              () -> ec2.describeSnapshots(r -> r.snapshotIds(snapshots.get(0).snapshotId())))
          .isInstanceOfSatisfying(
              Ec2Exception.class,
              e ->
                  assertThat(e.awsErrorDetails().errorCode())
                      .isEqualTo("InvalidSnapshot.NotFound"));
    }
  }

  @Test
  void aGivenBucketKeepsNothingOfTheImportAndAVolumeSizeIsHonoured() throws Exception {
    // S3 bucket names are global, in moto too: one per test account.
    String bucket = "osc-podvm-uploads-" + account;
    s3.createBucket(
        r -> r.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(REGION)));
    try (AwsImages images = images(env())) {
      String ami =
          images.create(
              new ImageRequest("podvm-image-0.0.1.20260101000000", standInUri(), bucket, 30));
      assertThat(ami).matches("ami-[0-9a-f]{17}");
    }
    assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).isEmpty();
    s3.deleteBucket(r -> r.bucket(bucket));
    assertThat(fill.calls("RegisterImage").get(0).params())
        .containsEntry("BlockDeviceMapping.1.Ebs.VolumeSize", "30");
  }

  @Test
  void aBucketThatIsNotThereIsNamedAndNothingIsImported() throws Exception {
    try (AwsImages images = images(env())) {
      assertThatThrownBy(
              () ->
                  images.create(new ImageRequest("podvm-x", standInUri(), "no-such-bucket-osc", 0)))
          .hasMessageStartingWith("BUCKET_NAME: S3 bucket no-such-bucket-osc is not there");
    }
    assertThat(fill.calls("ImportSnapshot")).isEmpty();
  }

  @Test
  void aVmdkDiskIsRefusedBeforeAnyUpload() throws Exception {
    Path vmdk = dir.resolve("disk.vmdk");
    Files.write(vmdk, "KDMV\u0001\u0000\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1));
    try (AwsImages images = images(env())) {
      assertThatThrownBy(() -> images.create(new ImageRequest("podvm-v", vmdk.toString(), "", 0)))
          .hasMessageContaining("disk.vmdk is a VMDK image; osc imports qcow2 and raw disks");
    }
    assertThat(bucketsNamed("podvm-v-")).isEmpty();
    assertThat(fill.calls("ImportSnapshot")).isEmpty();
  }

  private List<String> bucketsNamed(String prefix) {
    return s3.listBuckets().buckets().stream()
        .map(b -> b.name())
        .filter(n -> n.startsWith(prefix))
        .toList();
  }
}
