package dev.osc.caa.cloud.aws;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.osc.api.peerpods.PeerPodsSettings;
import dev.osc.caa.cloud.CloudException;
import dev.osc.testkit.ec2.Ec2FaultProxy;
import dev.osc.testkit.ec2.Moto;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * One test's EC2: an account of its own in moto (scripts/moto.sh) behind the {@link Ec2FaultProxy},
 * with what a cluster's account has before the operator runs: a VPC, a subnet, two security groups,
 * a key pair and a registered pod VM image. Tests skip with one line when moto is not running.
 *
 * <p>The provider talks to the proxy; {@link #admin} talks to moto directly (same account), to look
 * at what the provider did without being recorded or faulted.
 */
final class MotoEc2 implements AutoCloseable {
  static final String REGION = "eu-west-1";
  static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
  static final String KEY_PAIR = "podvm-debug";

  /** Short waits and budget, so a test of giving up takes about a second. */
  static final RunningWait FAST = new RunningWait(Duration.ofMillis(20), Duration.ofSeconds(10));

  static final Ec2Calls.Policy QUICK =
      new Ec2Calls.Policy(
          10, Duration.ofSeconds(20), Duration.ofMillis(10), Duration.ofMillis(200));

  final Ec2FaultProxy proxy;
  final Ec2Client admin;
  final String vpc;
  final String subnet;
  final List<String> securityGroups;
  final String ami;
  private final List<AwsProvider> providers = new ArrayList<>();

  private MotoEc2(Moto moto) throws IOException {
    proxy = Ec2FaultProxy.start(moto);
    admin =
        Ec2Client.builder()
            .region(Region.of(REGION))
            .endpointOverride(moto.endpoint())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("admin", "admin")))
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .tlsTrustManagersProvider(trusting(moto.certificate())))
            .overrideConfiguration(c -> c.putHeader(Moto.ACCOUNT_HEADER, proxy.account()))
            .build();
    vpc = admin.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    subnet = admin.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24")).subnet().subnetId();
    securityGroups = List.of(securityGroup("podvm-a"), securityGroup("podvm-b"));
    admin.createKeyPair(r -> r.keyName(KEY_PAIR));
    ami = registerImage("podvm-image-0.0.1");
  }

  /** moto's EC2 for this test, or the test is skipped. */
  static MotoEc2 start() throws IOException {
    Optional<Moto> moto = Moto.fromEnvironment();
    assumeTrue(moto.isPresent(), Moto.ABSENT);
    return new MotoEc2(moto.get());
  }

  private String securityGroup(String name) {
    return admin.createSecurityGroup(r -> r.groupName(name).description(name).vpcId(vpc)).groupId();
  }

  /** An AMI as the image Job registers it; moto gives every AMI a 15 GiB root snapshot. */
  String registerImage(String name) {
    return admin.registerImage(r -> r.name(name).rootDeviceName("/dev/xvda")).imageId();
  }

  /** The peer-pods settings of this account, with {@code keyValues} on top. */
  Map<String, String> env(String... keyValues) {
    Map<String, String> env = new HashMap<>();
    env.put("CLOUD_PROVIDER", "aws");
    env.put("AWS_REGION", REGION);
    env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", AwsSettingsTest.SECRET);
    env.put("AWS_SESSION_TOKEN", AwsSettingsTest.SESSION);
    env.put("AWS_ENDPOINT_URL", proxy.uri().toString());
    env.put("PODVM_AMI_ID", ami);
    env.put("AWS_VPC_ID", vpc);
    env.put("AWS_SUBNET_ID", subnet);
    env.put("AWS_SG_IDS", String.join(",", securityGroups));
    env.put("SSH_KP_NAME", KEY_PAIR);
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return env;
  }

  AwsProvider provider(String... keyValues) throws CloudException {
    return provider(QUICK, keyValues);
  }

  AwsProvider provider(Ec2Calls.Policy policy, String... keyValues) throws CloudException {
    AwsProvider provider =
        AwsProvider.start(
            AwsSettings.from(PeerPodsSettings.read(env(keyValues))),
            FAST,
            policy,
            trusting(proxy.certificate()));
    providers.add(provider);
    return provider;
  }

  /** Every instance of the account, terminated ones included. */
  List<Instance> instances() {
    return admin.describeInstancesPaginator(r -> {}).reservations().stream()
        .map(Reservation::instances)
        .flatMap(List::stream)
        .toList();
  }

  /** The pending and running instances: what the account is billed for. */
  List<Instance> liveInstances() {
    return instances().stream()
        .filter(i -> List.of("pending", "running").contains(i.state().nameAsString()))
        .toList();
  }

  Instance instance(String id) {
    return admin.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
  }

  /** The volumes attached to the instance. */
  List<Volume> volumes(String instanceId) {
    return admin
        .describeVolumes(r -> r.filters(f -> f.name("attachment.instance-id").values(instanceId)))
        .volumes();
  }

  String userData(String instanceId) {
    return admin
        .describeInstanceAttribute(r -> r.instanceId(instanceId).attribute("userData"))
        .userData()
        .value();
  }

  @Override
  public void close() {
    providers.forEach(AwsProvider::close);
    admin.close();
    proxy.close();
  }

  /** Trusts exactly {@code certificate}. */
  static TlsTrustManagersProvider trusting(X509Certificate certificate) {
    return () -> {
      try {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("trusted", certificate);
        TrustManagerFactory factory =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException(e);
      }
    };
  }
}
