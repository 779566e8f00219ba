package dev.osc.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1.KataConfigSpec;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KataConfigAdmissionTest {
  private static final String DUPLICATE =
      "A KataConfig instance already exists, refusing to create a duplicate";
  private static final String BAD_LEVEL = "spec.logLevel: Unsupported value: \"loud\"";
  private static final String BAD_KEY =
      "spec.kataConfigPoolSelector.matchLabels: Invalid value:" + " \"-bad\"";

  private static KataConfig kataConfig(String name, String logLevel, String selectorKey) {
    KataConfig kc = new KataConfig();
    kc.setMetadata(new ObjectMetaBuilder().withName(name).build());
    KataConfigSpec spec = new KataConfigSpec();
    spec.setLogLevel(logLevel);
    if (selectorKey != null) {
      spec.setKataConfigPoolSelector(
          new LabelSelectorBuilder().addToMatchLabels(selectorKey, "").build());
    }
    kc.setSpec(spec);
    return kc;
  }

  private static KataConfig valid(String name) {
    return kataConfig(name, "info", "node-role.kubernetes.io/worker");
  }

  private static Supplier<List<String>> existing(String... names) {
    return () -> List.of(names);
  }

  private static Supplier<List<String>> listFails(String reason) {
    return () -> {
      throw new KubernetesClientException(reason);
    };
  }

  /** name, operation, KataConfigs in the cluster, the one admitted, allowed, code, message parts */
  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of("first KataConfig", "CREATE", existing(), valid("a"), true, 200, List.of()),
        Arguments.of(
            "second KataConfig",
            "CREATE",
            existing("example-kataconfig"),
            valid("b"),
            false,
            403,
            List.of(DUPLICATE, "example-kataconfig")),
        Arguments.of(
            "two already there: both named",
            "CREATE",
            existing("z", "y"),
            valid("b"),
            false,
            403,
            List.of(DUPLICATE + " (existing: y, z)")),
        Arguments.of(
            "same name again: left to the API server's AlreadyExists",
            "CREATE",
            existing("a"),
            valid("a"),
            true,
            200,
            List.of()),
        Arguments.of(
            "cannot list: refused, fail closed",
            "CREATE",
            listFails("connection refused"),
            valid("a"),
            false,
            500,
            List.of("Failed to list KataConfig custom resources: connection refused")),
        Arguments.of(
            "invalid logLevel on create",
            "CREATE",
            existing(),
            kataConfig("a", "loud", null),
            false,
            422,
            List.of(BAD_LEVEL)),
        Arguments.of(
            "every problem named",
            "CREATE",
            existing(),
            kataConfig("a", "loud", "-bad"),
            false,
            422,
            List.of(BAD_LEVEL, "; ", BAD_KEY)),
        Arguments.of(
            "duplicate wins over invalid spec",
            "CREATE",
            existing("x"),
            kataConfig("a", "loud", null),
            false,
            403,
            List.of(DUPLICATE)),
        Arguments.of(
            "update: other KataConfigs do not matter",
            "UPDATE",
            existing("x", "y"),
            valid("a"),
            true,
            200,
            List.of()),
        Arguments.of(
            "invalid spec on update",
            "UPDATE",
            existing("a"),
            kataConfig("a", null, "-bad"),
            false,
            422,
            List.of(BAD_KEY)),
        Arguments.of(
            "update does not list",
            "UPDATE",
            listFails("connection refused"),
            valid("a"),
            true,
            200,
            List.of()),
        Arguments.of(
            "delete is never refused",
            "DELETE",
            listFails("connection refused"),
            kataConfig("a", "loud", null),
            true,
            200,
            List.of()),
        Arguments.of(
            "no spec: defaults", "CREATE", existing(), new KataConfig(), true, 200, List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void admit(
      String name,
      String operation,
      Supplier<List<String>> existing,
      KataConfig kc,
      boolean allowed,
      int code,
      List<String> messageParts) {
    Verdict v = new KataConfigAdmission(existing).admit(operation, kc);

    assertThat(v.allowed()).isEqualTo(allowed);
    assertThat(v.code()).isEqualTo(code);
    assertThat(v.patch()).isEmpty();
    if (allowed) {
      assertThat(v.message()).isNull();
    } else {
      assertThat(v.message()).contains(messageParts);
    }
  }
}
