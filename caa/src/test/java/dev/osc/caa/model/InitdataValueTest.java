package dev.osc.caa.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osc.initdata.InitdataAnnotation;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InitdataValueTest {
  private static final String DOC =
      """
      version = "0.1.0"
      algorithm = "sha384"
      [data]
      "policy.rego" = "package agent_policy"
      """;

  @Test
  void takesTheDocumentRawOrAsTheAnnotationCarriesIt() {
    assertThat(InitdataValue.checked(DOC, "INITDATA")).isEqualTo(DOC);
    assertThat(
            InitdataValue.checked(
                InitdataAnnotation.encode(DOC.getBytes(StandardCharsets.UTF_8)), "INITDATA"))
        .isEqualTo(DOC);
    assertThat(InitdataValue.checked(null, "INITDATA")).isNull();
  }

  @Test
  void aBrokenDocumentIsRefusedNamingWhereItCameFrom() {
    assertThatThrownBy(
            () ->
                InitdataValue.checked(
                    DOC.replace("sha384", "md5"),
                    "annotation io.katacontainers.config.hypervisor.cc_init_data"))
        .hasMessageStartingWith("annotation io.katacontainers.config.hypervisor.cc_init_data:")
        .hasMessageContaining("algorithm");
  }
}
