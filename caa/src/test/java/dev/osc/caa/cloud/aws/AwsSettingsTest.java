package dev.osc.caa.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String SESSION = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";

  static Map<String, String> env(String... keyValues) {
    Map<String, String> env = new HashMap<>();
    env.put("PODVM_AMI_ID", "ami-0a1b2c3d4e5f60718");
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return env;
  }

  @Test
  void defaultsAreOurDocumentedOnes() {
    AwsSettings s = AwsSettings.from(env());
    assertThat(s.instanceType()).isEqualTo("t3.medium");
    assertThat(s.instanceTypes()).isEmpty();
    assertThat(s.rootVolumeSizeGiB()).isEqualTo(30);
    assertThat(s.disableCvm()).isTrue();
    assertThat(s.usePublicIp()).isFalse();
    assertThat(s.credentials()).isNull();
    assertThat(s.endpoint()).isNull();
  }

  @Test
  void listsAndTagsAreParsed() {
    AwsSettings s = AwsSettings.from(env("PODVM_INSTANCE_TYPES", "t3.medium, m6a.large,,",
        "AWS_SG_IDS", "sg-1,sg-2", "TAGS", "team=kata, cost-center=42,empty="));
    assertThat(s.instanceTypes()).containsExactly("t3.medium", "m6a.large");
    assertThat(s.securityGroupIds()).containsExactly("sg-1", "sg-2");
    assertThat(s.tags()).containsExactly(Map.entry("team", "kata"),
        Map.entry("cost-center", "42"), Map.entry("empty", ""));
  }

  @Test
  void errorsNameTheKey() {
    Map<String, String> noAmi = env();
    noAmi.remove("PODVM_AMI_ID");
    assertThatThrownBy(() -> AwsSettings.from(noAmi)).hasMessageStartingWith("PODVM_AMI_ID:");
    for (List<String> bad : List.of(List.of("DISABLECVM", "yes"),
        List.of("USE_PUBLIC_IP", "1"), List.of("ROOT_VOLUME_SIZE", "-1"),
        List.of("ROOT_VOLUME_SIZE", "30GiB"), List.of("TAGS", "a=b,novalue"),
        List.of("TAGS", "aws:owner=me"), List.of("AWS_ENDPOINT_URL", "localhost:4566"),
        List.of("AWS_SESSION_TOKEN", SESSION), List.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"))) {
      assertThatThrownBy(() -> AwsSettings.from(env(bad.get(0), bad.get(1))))
          .as(bad.toString()).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(bad.get(0).equals("AWS_ACCESS_KEY_ID")
              ? "AWS_SECRET_ACCESS_KEY:" : bad.get(0) + ":");
    }
  }

  @Test
  void secretsStayOutOfToString() {
    AwsSettings s = AwsSettings.from(env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY", SECRET, "AWS_SESSION_TOKEN", SESSION, "AWS_REGION", "eu-west-1"));
    assertThat(s.credentials()).isNotNull();
    assertThat(s.toString()).contains("eu-west-1", "credentials=static")
        .doesNotContain(SECRET, SESSION, "AKIDEXAMPLE");
  }

  @Test
  void aLoneSecretIsReportedWithoutItsValue() {
    // the error goes to the log: it names the missing key, not the value it found
    assertThatThrownBy(() -> AwsSettings.from(env("AWS_SECRET_ACCESS_KEY", SECRET)))
        .message().doesNotContain(SECRET);
  }
}
