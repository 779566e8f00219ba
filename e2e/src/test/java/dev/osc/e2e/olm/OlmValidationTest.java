package dev.osc.e2e.olm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bundle/ and catalog/ pass operator-framework's own validators (testbed/olm-validate, built by
 * scripts/olm-validate.sh), and a broken copy does not.
 */
class OlmValidationTest {
  private static Path validator;

  /** OSC_OLM_VALIDATE, or what scripts/olm-validate.sh builds (cached); skipped without Go. */
  @BeforeAll
  static void findValidator() throws Exception {
    String env = System.getenv("OSC_OLM_VALIDATE");
    if (env == null) {
      Process p =
          new ProcessBuilder("scripts/olm-validate.sh")
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      env = p.waitFor() == 0 ? out : null;
    }
    if (env == null || !Files.isExecutable(Path.of(env))) {
      System.err.println("olm: skipped, scripts/olm-validate.sh could not build the validator");
    }
    assumeTrue(env != null && Files.isExecutable(Path.of(env)), "no OLM validator (needs Go)");
    validator = Path.of(env);
  }

  @Test
  void theCommittedBundleAndCatalogAreValid() throws Exception {
    Result r = validate(Path.of("bundle"), Path.of("catalog"));
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("OK bundle and catalog").doesNotContain("ERROR");
  }

  @Test
  void aCsvOwningACrdTheBundleLacksFails(@TempDir Path tmp) throws Exception {
    Path bundle = copy(Path.of("bundle"), tmp.resolve("bundle"));
    Files.delete(bundle.resolve("manifests/peerpods.yaml"));
    Result r = validate(bundle, Path.of("catalog"));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("ERROR").contains("peerpods.confidentialcontainers.org");
  }

  @Test
  void aChannelNamingABundleTheCatalogLacksFails(@TempDir Path tmp) throws Exception {
    Path catalog = copy(Path.of("catalog"), tmp.resolve("catalog"));
    Path file = catalog.resolve(OlmBundle.CATALOG_FILE.substring("catalog/".length()));
    Files.writeString(
        file,
        Files.readString(file).replace("- name: sandboxed-containers-operator.v", "- name: x.v"));
    Result r = validate(Path.of("bundle"), catalog);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("ERROR catalog").contains("not found in any channel entries");
  }

  record Result(int exit, String out) {}

  private static Result validate(Path bundle, Path catalog) throws Exception {
    Process p =
        new ProcessBuilder(validator.toString(), bundle.toString(), catalog.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return to;
  }
}
