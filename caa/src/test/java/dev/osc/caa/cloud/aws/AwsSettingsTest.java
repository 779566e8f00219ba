package dev.osc.caa.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.api.peerpods.InvalidPeerPodsConfig;
import dev.osc.api.peerpods.PeerPodsSettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class AwsSettingsTest {
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String SESSION = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";

  /** The smallest valid AWS configuration, plus the given keys. */
  static Map<String, String> env(String... keyValues) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "CLOUD_PROVIDER",
                "aws",
                "PODVM_AMI_ID",
                "ami-0a1b2c3d4e5f60718",
                "AWS_REGION",
                "us-east-2",
                "AWS_SUBNET_ID",
                "subnet-1",
                "AWS_VPC_ID",
                "vpc-1",
                "AWS_SG_IDS",
                "sg-1",
                "AWS_ACCESS_KEY_ID",
                "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY",
                SECRET));
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return env;
  }

  static AwsSettings settings(Map<String, String> env) {
    return AwsSettings.from(PeerPodsSettings.read(env));
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    AwsSettings s = settings(env());
    assertThat(s.instanceType()).isEqualTo("t3.medium");
    assertThat(s.instanceTypes()).isEmpty();
    assertThat(s.rootVolumeSizeGiB()).isEqualTo(6);
    assertThat(s.disableCvm()).isTrue();
    assertThat(s.usePublicIp()).isFalse();
    assertThat(s.endpoint()).isNull();
    assertThat(s.maxConcurrentCalls()).isEqualTo(10);
  }

  @Test
  void withoutAnAmiTheProviderCanStillBeConfigured() {
    Map<String, String> env = env();
    env.put("PODVM_AMI_ID", "");
    assertThat(settings(env).amiId()).isNull();
  }

  @Test
  void listsAreRead() {
    AwsSettings s =
        settings(env("PODVM_INSTANCE_TYPES", "t3.medium,m6a.large", "AWS_SG_IDS", "sg-1,sg-2"));
    assertThat(s.instanceTypes()).containsExactly("t3.medium", "m6a.large");
    assertThat(s.securityGroupIds()).containsExactly("sg-1", "sg-2");
  }

  @Test
  void aSessionTokenMakesSessionCredentials() {
    assertThat(settings(env("AWS_SESSION_TOKEN", SESSION)).credentials())
        .isInstanceOf(AwsSessionCredentials.class);
  }

  @Test
  void secretsStayOutOfToString() {
    AwsSettings s = settings(env("AWS_SESSION_TOKEN", SESSION, "AWS_REGION", "eu-west-1"));
    assertThat(s.toString()).contains("eu-west-1").doesNotContain(SECRET, SESSION, "AKIDEXAMPLE");
  }

  @Test
  void aMissingKeyIsReportedWithoutTheSecretValues() {
    Map<String, String> env = env();
    env.remove("AWS_ACCESS_KEY_ID");
    assertThatThrownBy(() -> settings(env))
        .isInstanceOf(InvalidPeerPodsConfig.class)
        .hasMessage("peer-pods-secret: AWS_ACCESS_KEY_ID: required for CLOUD_PROVIDER aws")
        .message()
        .doesNotContain(SECRET);
  }
}
