package dev.osc.dev;

import dev.osc.caa.cloud.local.NetnsVms;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The same peer pod network end to end with upstream's agent-protocol-forwarder (the program in
 * upstream's and Red Hat's pod VM images) as the VM side instead of {@code osc forwarder},
 * configured only by the apf.json our adaptor wrote into the user data: it must accept our agent
 * proxy's mutual TLS and carry the tunnel. Built by scripts/upstream-apf.sh from ../shared/upstream
 * (OSC_UPSTREAM_APF names a binary instead); skipped with one line when the sources or Go are
 * missing. The tests whose VM side plays no part, or that check our forwarder's own messages, are
 * not repeated (overridden without {@code @Test}).
 */
class UpstreamApfE2ETest extends PodNetworkE2ETest {
  private static Path apf;

  @Override
  NetnsVms.Launcher forwarder() throws Exception {
    if (apf == null) {
      apf = locate();
    }
    return NetnsVms.Launcher.upstream(apf);
  }

  private static Path locate() throws Exception {
    String given = System.getenv("OSC_UPSTREAM_APF");
    if (given != null && !given.isBlank()) {
      return Path.of(given);
    }
    Path script = null;
    for (Path d = Path.of("").toAbsolutePath(); d != null && script == null; d = d.getParent()) {
      if (Files.isExecutable(d.resolve("scripts/upstream-apf.sh"))) {
        script = d.resolve("scripts/upstream-apf.sh");
      }
    }
    Assumptions.assumeTrue(
        script != null, "scripts/upstream-apf.sh not found: upstream APF" + " e2e skipped");
    Process p =
        new ProcessBuilder(script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    int rc = p.waitFor();
    Assumptions.assumeTrue(rc != 2, "upstream sources or Go missing: upstream APF e2e skipped");
    if (rc != 0 || out.isEmpty()) {
      throw new IllegalStateException(script + " failed with exit status " + rc);
    }
    return Path.of(out);
  }

  /** APF's own wording of a missing agent is upstream's business. */
  @Override
  void agentCallsFailNamingTheMissingAgent() {}

  @Override
  void badNamespacesFailCreateVmNamingTheProblemAndLeaveNothing() {}

  @Override
  void aPortClashFailsCreateVmNamingTheSetting() {}
}
