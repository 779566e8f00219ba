package dev.osc.api.peerpods;

import static dev.osc.api.peerpods.DocExamples.awsConfigMap;
import static dev.osc.api.peerpods.DocExamples.awsSecret;
import static dev.osc.api.peerpods.DocExamples.libvirtConfigMap;
import static dev.osc.api.peerpods.DocExamples.libvirtSecret;
import static dev.osc.api.peerpods.DocExamples.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A value copied from the guides with its placeholder left in is refused naming the key, by the one
 * reader the operator and the adaptor share.
 */
class PlaceholderTest {
  private static final String REPLACE = ": replace it with the real value";

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      # provider | key (peer-pods-cm unless SECRET) | value                                       | message
      aws        | AWS_REGION                       | <aws_region>                                | peer-pods-cm: AWS_REGION: "<aws_region>": holds a placeholder from the documentation (<aws_region>)
      aws        | PODVM_AMI_ID                     | <podvm_ami_id>                              | peer-pods-cm: PODVM_AMI_ID: "<podvm_ami_id>": holds a placeholder from the documentation (<podvm_ami_id>)
      aws        | AWS_SG_IDS                       | <aws_sg_ids>                                | peer-pods-cm: AWS_SG_IDS: "<aws_sg_ids>": holds a placeholder from the documentation (<aws_sg_ids>)
      aws        | AWS_VPC_ID                       | < your vpc >                                | peer-pods-cm: AWS_VPC_ID: "< your vpc >": holds a placeholder from the documentation (< your vpc >)
      aws        | PEERPODS_LIMIT_PER_NODE          | <value>                                     | peer-pods-cm: PEERPODS_LIMIT_PER_NODE: "<value>": holds a placeholder from the documentation (<value>)
      libvirt    | LIBVIRT_POOL                     | <libvirt_pool>                              | peer-pods-cm: LIBVIRT_POOL: "<libvirt_pool>": holds a placeholder from the documentation (<libvirt_pool>)
      libvirt    | LIBVIRT_DIR_NAME                 | /var/lib/libvirt/images/<directory_name>    | peer-pods-cm: LIBVIRT_DIR_NAME: "/var/lib/libvirt/images/<directory_name>": holds a placeholder from the documentation (<directory_name>)
      libvirt    | SECRET LIBVIRT_URI               | qemu+ssh://root@<KVM_HOST_IP>/system        | peer-pods-secret: LIBVIRT_URI: holds a placeholder from the documentation (<KVM_HOST_IP>)
      aws        | SECRET AWS_ACCESS_KEY_ID         | <aws_access_key_id>                         | peer-pods-secret: AWS_ACCESS_KEY_ID: holds a placeholder from the documentation (<aws_access_key_id>)
      """)
  void aPlaceholderIsInvalidNamingTheKey(
      String provider, String key, String value, String message) {
    boolean secret = key.startsWith("SECRET ");
    String name = key.replaceFirst("^SECRET ", "");
    Map<String, String> cm = provider.equals("aws") ? awsConfigMap() : libvirtConfigMap();
    Map<String, String> sec = provider.equals("aws") ? awsSecret() : libvirtSecret();
    ParseResult result =
        secret
            ? PeerPodsConfig.parse(cm, with(sec, name, value))
            : PeerPodsConfig.parse(with(cm, name, value), sec);

    assertThat(result.problems()).extracting(Problem::message).containsExactly(message + REPLACE);
    // The adaptor reads its environment (the two objects through envFrom) with the same reader.
    Map<String, String> env =
        secret ? merged(cm, with(sec, name, value)) : merged(with(cm, name, value), sec);
    env.put("NODE_NAME", "worker-0");
    assertThatThrownBy(() -> PeerPodsSettings.read(env))
        .hasMessageContaining(name + ": ")
        .hasMessageContaining("holds a placeholder from the documentation");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      # values that only look like it stay valid
      TAGS                    | team=a<b,env=c>d
      PODVM_INSTANCE_TYPES    | t3.small,t3.large
      AWS_REGION              | us-east-2
      """)
  void valuesWithoutAPlaceholderPass(String key, String value) {
    assertThat(PeerPodsConfig.parse(with(awsConfigMap(), key, value), awsSecret()).problems())
        .isEmpty();
  }

  private static Map<String, String> merged(Map<String, String> cm, Map<String, String> secret) {
    Map<String, String> env = new java.util.HashMap<>(cm);
    env.putAll(secret);
    return env;
  }
}
