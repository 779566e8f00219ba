package dev.osc.api.peerpods;

import static dev.osc.api.peerpods.DocExamples.awsConfigMap;
import static dev.osc.api.peerpods.DocExamples.libvirtConfigMap;
import static dev.osc.api.peerpods.DocExamples.map;
import static dev.osc.api.peerpods.DocExamples.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every secret value below is the same distinctive string; no output may contain it. */
class SecretValuesDoNotLeakTest {

  private static final String SECRET_VALUE = "Zq9-s3cr3t-peer-pods-VALUE-7Xw";

  private static List<String> everythingShown(ParseResult result) {
    List<String> shown = new ArrayList<>();
    shown.add(result.toString());
    result.problems().forEach(p -> shown.add(p.message()));
    result.warnings().forEach(p -> shown.add(p.message()));
    if (result instanceof ParseResult.Valid valid) {
      shown.add(valid.config().toString());
      shown.addAll(valid.config().env().values());
      shown.add(valid.config().contentHash());
    }
    return shown;
  }

  @Test
  void notInAValidConfiguration() {
    Map<String, String> secret =
        map(
            "AWS_ACCESS_KEY_ID", SECRET_VALUE,
            "AWS_SECRET_ACCESS_KEY", SECRET_VALUE,
            "AWS_SESSION_TOKEN", SECRET_VALUE,
            "AWS_ACCES_KEY_ID", SECRET_VALUE,
            "AWS_REGION", SECRET_VALUE);

    ParseResult result = PeerPodsConfig.parse(awsConfigMap(), secret);

    assertThat(result).isInstanceOf(ParseResult.Valid.class);
    assertThat(result.warnings()).hasSize(2);
    assertThat(everythingShown(result)).noneMatch(text -> text.contains(SECRET_VALUE));
  }

  @Test
  void notInProblemsAboutTheSecret() {
    Map<String, String> secret =
        map(
            "CLOUD_PROVIDER", SECRET_VALUE,
            "LIBVIRT_URI", "",
            "REDHAT_OFFLINE_TOKEN", SECRET_VALUE,
            "LIBVIRT_URL", SECRET_VALUE);

    ParseResult result = PeerPodsConfig.parse(libvirtConfigMap(), secret);

    assertThat(result.problems())
        .extracting(Problem::message)
        .containsExactly(
            "peer-pods-secret: CLOUD_PROVIDER: differs from peer-pods-cm CLOUD_PROVIDER \"libvirt\"",
            "peer-pods-secret: LIBVIRT_URI: required for CLOUD_PROVIDER libvirt");
    assertThat(result.warnings()).extracting(Problem::key).containsExactly("LIBVIRT_URL");
    assertThat(everythingShown(result)).noneMatch(text -> text.contains(SECRET_VALUE));
  }

  @Test
  void notInProblemsAboutACredentialPutInTheConfigMap() {
    ParseResult result =
        PeerPodsConfig.parse(
            with(awsConfigMap(), "AWS_SECRET_ACCESS_KEY", SECRET_VALUE),
            map("AWS_ACCESS_KEY_ID", SECRET_VALUE, "AWS_SECRET_ACCESS_KEY", SECRET_VALUE));

    assertThat(result).isInstanceOf(ParseResult.Invalid.class);
    assertThat(everythingShown(result)).noneMatch(text -> text.contains(SECRET_VALUE));
  }

  @Test
  void theSecretStillFeedsTheHash() {
    String one =
        ((ParseResult.Valid)
                PeerPodsConfig.parse(
                    awsConfigMap(),
                    map("AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", SECRET_VALUE)))
            .config()
            .contentHash();
    String other =
        ((ParseResult.Valid)
                PeerPodsConfig.parse(
                    awsConfigMap(),
                    map("AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", SECRET_VALUE + "2")))
            .config()
            .contentHash();

    assertThat(one).isNotEqualTo(other);
  }
}
