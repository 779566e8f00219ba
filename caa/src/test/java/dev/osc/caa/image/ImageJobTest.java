package dev.osc.caa.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.caa.cloud.CloudException;
import dev.osc.testkit.MockApi;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The create/delete flow of the image Jobs against peer-pods-cm, with a recording cloud. */
class ImageJobTest {
  static final String NS = Names.OPERATOR_NAMESPACE;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);
  static final String SNAPSHOT = "snap-0123456789abcdef0";

  MockApi api;
  KubernetesClient client;
  final List<String> cloudCalls = new ArrayList<>();
  String failWith;

  @BeforeEach
  void start() {
    api = new MockApi();
    client = api.client();
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(PeerPodsKeys.CONFIG_MAP)
                .withNamespace(NS)
                .endMetadata()
                .withData(Map.of("CLOUD_PROVIDER", "aws", "PODVM_AMI_ID", "", "VXLAN_PORT", "9000"))
                .build())
        .create();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  ImageJob job(String... keyValues) {
    // peer-pods-cm, peer-pods-secret and aws-podvm-image-cm, as the Job's envFrom has them.
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "CLOUD_PROVIDER",
                "aws",
                "PODVM_SNAPSHOT_ID",
                SNAPSHOT,
                "AWS_SECRET_ACCESS_KEY",
                "do-not-print",
                "AWS_ACCESS_KEY_ID",
                "AKIDEXAMPLE",
                "AWS_REGION",
                "us-east-2",
                "AWS_SUBNET_ID",
                "subnet-1",
                "AWS_VPC_ID",
                "vpc-1",
                "AWS_SG_IDS",
                "sg-1"));
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return new ImageJob(env, new PeerPodsConfigMap(client, NS), (provider, e) -> cloud(), CLOCK);
  }

  PodVmImages cloud() {
    return new PodVmImages() {
      @Override
      public String create(ImageRequest request) throws CloudException {
        cloudCalls.add("create " + request.name() + " from " + request.source());
        if (failWith != null) {
          throw new CloudException(failWith);
        }
        return "ami-0aaaaaaaaaaaaaaa1";
      }

      @Override
      public void delete(String imageId) {
        cloudCalls.add("delete " + imageId);
      }

      @Override
      public void close() {}
    };
  }

  ConfigMap cm() {
    return client.configMaps().inNamespace(NS).withName(PeerPodsKeys.CONFIG_MAP).get();
  }

  void setId(String id) {
    client
        .configMaps()
        .inNamespace(NS)
        .withName(PeerPodsKeys.CONFIG_MAP)
        .edit(c -> new ConfigMapBuilder(c).addToData("PODVM_AMI_ID", id).build());
  }

  @Test
  void createWritesTheIdAndOurMarkIntoPeerPodsCm() {
    ImageJob.Outcome outcome = job().create();

    assertThat(outcome)
        .isEqualTo(
            new ImageJob.Outcome(
                0,
                "created ami-0aaaaaaaaaaaaaaa1"
                    + " (podvm-image-0.0.20250304050607); peer-pods-cm PODVM_AMI_ID=ami-0aaaaaaaaaaaaaaa1"));
    assertThat(cloudCalls)
        .containsExactly("create podvm-image-0.0.20250304050607 from " + SNAPSHOT);
    assertThat(cm().getData())
        .containsEntry("PODVM_AMI_ID", "ami-0aaaaaaaaaaaaaaa1")
        .containsEntry("VXLAN_PORT", "9000");
    assertThat(cm().getMetadata().getAnnotations())
        .containsEntry(Names.ANNOTATION_PODVM_IMAGE_CREATED, "ami-0aaaaaaaaaaaaaaa1");
  }

  @Test
  void createSkipsWhenTheIdIsAlreadySet() {
    setId("ami-0bbbbbbbbbbbbbbb2");
    ImageJob.Outcome outcome = job().create();
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.message())
        .startsWith("PODVM_AMI_ID is already set in peer-pods-cm" + " (ami-0bbbbbbbbbbbbbbb2)");
    assertThat(cloudCalls).isEmpty();
  }

  @Test
  void createWithoutUpdatingPeerPodsCm() {
    ImageJob.Outcome outcome = job("UPDATE_PEERPODS_CM", "no").create();
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.message())
        .endsWith("UPDATE_PEERPODS_CM=no: set PODVM_AMI_ID in" + " peer-pods-cm yourself");
    assertThat(cm().getData()).containsEntry("PODVM_AMI_ID", "");
  }

  @Test
  void configurationErrorsAreExitCode2AndNameTheKey() {
    assertThat(job("PODVM_SNAPSHOT_ID", "ami-0123456789abcdef0").create().message())
        .startsWith("PODVM_SNAPSHOT_ID: 'ami-0123456789abcdef0' is not a snapshot id");
    assertThat(job("UPDATE_PEERPODS_CM", "maybe").create())
        .isEqualTo(new ImageJob.Outcome(2, "UPDATE_PEERPODS_CM: 'maybe' is not yes or no"));
    assertThat(job("CLOUD_PROVIDER", "azure").create().exitCode()).isEqualTo(2);
    assertThat(cloudCalls).isEmpty();
  }

  @Test
  void aCloudFailureIsExitCode1AndLeavesPeerPodsCmAlone() {
    failWith = "EC2 RegisterImage failed: InvalidSnapshot.NotFound: gone";
    assertThat(job().create()).isEqualTo(new ImageJob.Outcome(1, failWith));
    assertThat(cm().getData()).containsEntry("PODVM_AMI_ID", "");
  }

  @Test
  void deleteOnlyTheIdInPeerPodsCmAndClearIt() {
    job().create();
    assertThat(job().delete("ami-0ccccccccccccccc3").exitCode()).isEqualTo(3);
    assertThat(job().delete(null).exitCode()).isEqualTo(2);

    ImageJob.Outcome outcome = job("AMI_ID", "ami-0aaaaaaaaaaaaaaa1").delete(null);

    assertThat(outcome)
        .isEqualTo(
            new ImageJob.Outcome(
                0, "deleted ami-0aaaaaaaaaaaaaaa1; peer-pods-cm PODVM_AMI_ID cleared"));
    assertThat(cloudCalls).endsWith("delete ami-0aaaaaaaaaaaaaaa1");
    assertThat(cm().getData()).containsEntry("PODVM_AMI_ID", "");
    // The API server removes a member patched to null (RFC 7386); the mock server keeps a null.
    assertThat(cm().getMetadata().getAnnotations().get(Names.ANNOTATION_PODVM_IMAGE_CREATED))
        .isNull();
    assertThat(job().delete("ami-0aaaaaaaaaaaaaaa1").message())
        .isEqualTo("not deleting ami-0aaaaaaaaaaaaaaa1: PODVM_AMI_ID in peer-pods-cm is empty");
  }

  @Test
  void noOutcomeShowsASecret() {
    failWith = "boom";
    for (ImageJob.Outcome o : List.of(job().create(), job().delete("x"), job().delete(null))) {
      assertThat(o.message()).doesNotContain("do-not-print");
    }
  }
}
