package dev.osc.caa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.peerpods.InvalidPeerPodsConfig;
import dev.osc.api.peerpods.Key;
import dev.osc.api.peerpods.ParseResult;
import dev.osc.api.peerpods.PeerPodsConfig;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.Problem;
import dev.osc.api.peerpods.Provider;
import dev.osc.api.peerpods.Source;
import dev.osc.caa.cloud.aws.AwsSettings;
import dev.osc.caa.cloud.libvirt.LibvirtSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The operator and the adaptor agree on the peer-pods configuration: what the operator calls valid
 * the adaptor starts with, with the same effective value for every key; what the operator rejects,
 * the adaptor rejects with the same messages. Each case is the documented ConfigMap and Secret of a
 * provider with one key set to one value of a generated set (edge values, blanks, case, units,
 * lists, pairs, URIs), run through {@link PeerPodsConfig#parse} (the operator) and through {@link
 * CaaSettings#from} plus the provider's settings (the adaptor, whose environment is the two objects
 * through envFrom, the Secret last). Only where the operator sees the objects apart (a key in the
 * wrong one, two different providers) may it refuse what the adaptor takes.
 */
class ConfigContractTest {

  private static final List<String> VALUES =
      List.of(
          "",
          " ",
          "0",
          "-1",
          "+1",
          "1",
          "5",
          "6",
          "007",
          "65535",
          "65536",
          "99999999999",
          "1.5",
          "true",
          "True",
          "TRUE",
          "tRUE",
          "1",
          "f",
          "yes",
          "5m",
          "90s",
          "1h30m",
          "5\u03bcs",
          "5\u00b5s",
          "-5m",
          "5 m",
          "5d",
          "a",
          "a,b",
          "a, b",
          "a,,b",
          "a,",
          "k=v",
          "k=v,k2=",
          "k=v,k=w",
          "aws:k=v",
          "=v",
          "s390-pv",
          "S390-PV",
          "0-3,^2",
          "0-",
          "qemu:///system",
          "qemu+ssh://root@host/system?no_verify=1",
          "not a uri",
          "https://ec2.local:4566",
          "ftp://x",
          " padded ",
          "ami-0123",
          "\"quoted\"",
          "version = \"0.1.0\"\nalgorithm = \"sha256\"\n[data]\n",
          "line\nbreak");

  private static final Map<Provider, Map<String, String>> CONFIG_MAPS =
      Map.of(
          Provider.AWS,
              map(
                  "CLOUD_PROVIDER",
                  "aws",
                  "VXLAN_PORT",
                  "9000",
                  "PROXY_TIMEOUT",
                  "5m",
                  "PODVM_INSTANCE_TYPE",
                  "t3.medium",
                  "PODVM_INSTANCE_TYPES",
                  "t2.small,t2.medium",
                  "PODVM_AMI_ID",
                  "ami-0a1b2c3d4e5f67890",
                  "AWS_REGION",
                  "us-east-2",
                  "AWS_SUBNET_ID",
                  "subnet-1",
                  "AWS_VPC_ID",
                  "vpc-1",
                  "AWS_SG_IDS",
                  "sg-1,sg-2",
                  "TAGS",
                  "key1=value1,key2=value2",
                  "PEERPODS_LIMIT_PER_NODE",
                  "10",
                  "ROOT_VOLUME_SIZE",
                  "6",
                  "DISABLECVM",
                  "true"),
          Provider.LIBVIRT,
              map(
                  "CLOUD_PROVIDER",
                  "libvirt",
                  "PEERPODS_LIMIT_PER_NODE",
                  "10",
                  "LIBVIRT_POOL",
                  "peerpods-pool",
                  "LIBVIRT_VOL_NAME",
                  "peerpods-vol",
                  "LIBVIRT_DIR_NAME",
                  "/var/lib/libvirt/images/peerpods",
                  "LIBVIRT_NET",
                  "default",
                  "DISABLECVM",
                  "true"));
  private static final Map<Provider, Map<String, String>> SECRETS =
      Map.of(
          Provider.AWS,
              map(
                  "AWS_ACCESS_KEY_ID",
                  "AKIAIOSFODNN7EXAMPLE",
                  "AWS_SECRET_ACCESS_KEY",
                  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
          Provider.LIBVIRT,
              map(
                  "CLOUD_PROVIDER",
                  "libvirt",
                  "LIBVIRT_URI",
                  "qemu+ssh://root@192.168.122.1/system?no_verify=1"));

  @Test
  void operatorAndAdaptorAgreeOnEveryGeneratedConfiguration() {
    List<String> disagreements = new ArrayList<>();
    int valid = 0;
    int invalid = 0;
    for (Provider provider : List.of(Provider.AWS, Provider.LIBVIRT)) {
      for (Key<?> key : PeerPodsKeys.ALL) {
        if (key.source() == Source.ENVIRONMENT) {
          continue;
        }
        for (String value : VALUES) {
          Map<String, String> cm = new LinkedHashMap<>(CONFIG_MAPS.get(provider));
          Map<String, String> secret = new LinkedHashMap<>(SECRETS.get(provider));
          (key.source() == Source.SECRET ? secret : cm).put(key.name(), value);
          String outcome = compare(cm, secret);
          if (outcome.startsWith("valid")) {
            valid++;
          } else if (outcome.startsWith("invalid")) {
            invalid++;
          } else {
            disagreements.add(provider + " " + key + "=" + Problem.quote(value) + ": " + outcome);
          }
        }
      }
    }
    assertThat(disagreements).isEmpty();
    // The set exercises both sides of the contract.
    assertThat(valid).isGreaterThan(500);
    assertThat(invalid).isGreaterThan(500);
  }

  @Test
  void theDocumentedExamplesAreValidOnBothSides() {
    for (Provider provider : List.of(Provider.AWS, Provider.LIBVIRT)) {
      assertThat(compare(CONFIG_MAPS.get(provider), SECRETS.get(provider))).isEqualTo("valid");
    }
  }

  /** "valid", "invalid", or how the two sides disagree. */
  private static String compare(Map<String, String> cm, Map<String, String> secret) {
    ParseResult operator = PeerPodsConfig.parse(cm, secret);
    Map<String, String> env = new HashMap<>(cm);
    env.putAll(secret);
    env.put("NODE_NAME", "worker-0");
    CaaSettings adaptor;
    try {
      adaptor = CaaSettings.from(env);
      switch (adaptor.provider()) {
        case AWS -> AwsSettings.from(adaptor.peerPods());
        case LIBVIRT -> LibvirtSettings.from(adaptor.peerPods());
        case LOCAL -> {}
      }
    } catch (InvalidPeerPodsConfig e) {
      List<String> adaptorSays = e.problems().stream().map(Problem::message).toList();
      List<String> operatorSays = operator.problems().stream().map(Problem::message).toList();
      if (operator instanceof ParseResult.Valid) {
        return "the operator accepts, the adaptor refuses: " + adaptorSays;
      }
      return adaptorSays.equals(operatorSays)
          ? "invalid"
          : "the operator says " + operatorSays + ", the adaptor " + adaptorSays;
    } catch (RuntimeException e) {
      return "the adaptor fails with " + e;
    }
    if (!(operator instanceof ParseResult.Valid validConfig)) {
      // Only the operator sees the two objects apart: a key in the wrong one, or two providers
      // (then the adaptor reads the Secret's, the operator the ConfigMap's).
      boolean placementOnly =
          operator.problems().stream().anyMatch(p -> p.reason().startsWith("differs from"))
              || operator.problems().stream().allMatch(p -> p.reason().startsWith("belongs in"));
      return placementOnly
          ? "invalid"
          : "the operator refuses " + operator.problems() + ", the adaptor accepts";
    }
    PeerPodsConfig config = validConfig.config();
    for (Key<?> key : PeerPodsKeys.ALL) {
      if (key.source() != Source.CONFIG_MAP || !key.readBy(config.provider())) {
        continue;
      }
      String reported = config.env().get(key.name());
      Object expected = reported == null || reported.isBlank() ? null : key.parse(reported.trim());
      Object actual = adaptor.peerPods().get(key);
      if (!Objects.equals(expected, actual)) {
        return key + ": the operator reports " + reported + ", the adaptor uses " + actual;
      }
    }
    return "valid";
  }

  private static Map<String, String> map(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
