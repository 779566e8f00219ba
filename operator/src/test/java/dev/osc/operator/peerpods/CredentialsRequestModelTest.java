package dev.osc.operator.peerpods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.operator.peerpods.CredentialsRequestModel.Step;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the operator does about AWS credentials on OpenShift. */
class CredentialsRequestModelTest {
  private static final Map<String, String> CCO =
      Map.of("aws_access_key_id", "QUtJQQ==", "aws_secret_access_key", "c2VjcmV0");

  @ParameterizedTest(name = "peer-pods-secret {0}, cco-secret {1}: {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # peer-pods-secret | cco-secret | step
          none              | none        | REQUEST
          none              | partial     | REQUEST
          none              | full        | WRITE
          ours-current      | full        | NOTHING
          ours-stale        | full        | WRITE
          ours-current      | none        | REQUEST
          users             | none        | KEEP_USERS
          users             | full        | KEEP_USERS
          """)
  void decides(String peerPods, String cco, Step expected) {
    assertThat(CredentialsRequestModel.decide(peerPodsSecret(peerPods), ccoSecret(cco)))
        .isEqualTo(expected);
  }

  @Test
  void writesThePeerPodsKeysLabelledAndOwnedByTheCcoSecret() {
    Secret s = CredentialsRequestModel.peerPodsSecret("ns", ccoSecret("full"));
    assertThat(s.getData())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("AWS_ACCESS_KEY_ID", "QUtJQQ==", "AWS_SECRET_ACCESS_KEY", "c2VjcmV0"));
    assertThat(s.getMetadata().getLabels())
        .containsEntry(CredentialsRequestModel.LABEL_FROM_CCO, "true");
    assertThat(s.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("cco-secret");
    assertThat(CredentialsRequestModel.decide(s, ccoSecret("full"))).isEqualTo(Step.NOTHING);
  }

  private static Secret ccoSecret(String kind) {
    return switch (kind) {
      case "none" -> null;
      case "partial" -> secret("cco-secret", Map.of("aws_access_key_id", "QUtJQQ=="), false);
      default -> secret("cco-secret", CCO, false);
    };
  }

  private static Secret peerPodsSecret(String kind) {
    return switch (kind) {
      case "none" -> null;
      case "ours-current" ->
          secret(
              "peer-pods-secret",
              Map.of("AWS_ACCESS_KEY_ID", "QUtJQQ==", "AWS_SECRET_ACCESS_KEY", "c2VjcmV0"),
              true);
      case "ours-stale" ->
          secret(
              "peer-pods-secret",
              Map.of("AWS_ACCESS_KEY_ID", "b2xk", "AWS_SECRET_ACCESS_KEY", "b2xk"),
              true);
      default ->
          secret(
              "peer-pods-secret",
              Map.of("AWS_ACCESS_KEY_ID", "dXNlcg==", "AWS_SECRET_ACCESS_KEY", "dXNlcg=="),
              false);
    };
  }

  private static Secret secret(String name, Map<String, String> data, boolean ours) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withUid("uid-" + name)
        .withLabels(ours ? Map.of(CredentialsRequestModel.LABEL_FROM_CCO, "true") : Map.of())
        .endMetadata()
        .withData(data)
        .build();
  }
}
