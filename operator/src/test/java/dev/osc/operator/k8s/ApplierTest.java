package dev.osc.operator.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.operator.k8s.Applier.Action;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApplierTest {
  /** Ours is the key "a"; "b" is someone else's. */
  private static final Ownership<ConfigMap> OURS_IS_A = cm -> cm.getData().get("a");

  private static ConfigMap cm(String a, String b) {
    return a == null
        ? null
        : new ConfigMapBuilder()
            .withNewMetadata()
            .withName("x")
            .endMetadata()
            .addToData(b == null ? Map.of("a", a) : Map.of("a", a, "b", b))
            .build();
  }

  @ParameterizedTest(name = "current a={0} b={1}, desired a={2}: {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "-, -, -, NONE",
        "-, -, 1, CREATE",
        "1, -, -, DELETE",
        "1, -, 1, NONE",
        "1, x, 1, NONE",
        "1, x, 2, UPDATE",
        "1, -, 2, UPDATE"
      })
  void writesOnlyWhatDiffersInWhatIsOurs(String a, String b, String want, Action action) {
    assertThat(Applier.decide(cm(a, b), cm(want, null), OURS_IS_A)).isEqualTo(action);
  }
}
