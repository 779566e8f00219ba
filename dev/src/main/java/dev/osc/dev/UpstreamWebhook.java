package dev.osc.dev;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The upstream webhook binary, built by scripts/upstream-webhook.sh of this checkout. */
final class UpstreamWebhook {
  private UpstreamWebhook() {}

  /** Its path, or null (having said why) when there is no script, no Go or the build fails. */
  static Path build() throws Exception {
    // The jar is dev/target/osc-dev.jar of the checkout; the working directory may be elsewhere.
    Path script =
        WebhookBenchCommand.ownJar()
            .getParent()
            .getParent()
            .getParent()
            .resolve("scripts/upstream-webhook.sh");
    if (!Files.isRegularFile(script)) {
      System.out.println(
          "note: no "
              + script
              + " next to this jar; measuring ours only"
              + " (give --upstream BINARY to compare)");
      return null;
    }
    Process p =
        new ProcessBuilder(script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0 || out.isEmpty()) {
      System.out.println(
          "note: the upstream webhook could not be built (see above); measuring"
              + " ours only (give --upstream BINARY to compare)");
      return null;
    }
    return Path.of(out);
  }
}
