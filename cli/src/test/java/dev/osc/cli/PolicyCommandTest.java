package dev.osc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Docs 3.5: exec denied unless the command is the one allowed. */
class PolicyCommandTest {
  private static final String POLICY =
      """
      package agent_policy

      import future.keywords.in

      default ExecProcessRequest := false

      allowed_commands := [
        "curl http://127.0.0.1:8006/cdh/resource/default/attestation-status/status",
      ]

      ExecProcessRequest if {
        input_command := concat(" ", input.process.Args)
        some allowed_command in allowed_commands
        input_command == allowed_command
      }
      """;

  @TempDir Path dir;

  private record Run(int exit, String out) {}

  private Run osc(String... args) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      return new Run(
          new CommandLine(new Osc()).execute(args), out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
    }
  }

  @Test
  void evalAllowsTheDocumentedCommandOnlyAndLintIsQuiet() throws Exception {
    Path policy = Files.writeString(dir.resolve("policy.rego"), POLICY);
    Path curl =
        Files.writeString(
            dir.resolve("curl.json"),
            "{\"process\":{\"Args\":[\"curl\","
                + "\"http://127.0.0.1:8006/cdh/resource/default/attestation-status/status\"]}}");
    Path shell =
        Files.writeString(dir.resolve("sh.json"), "{\"process\":{\"Args\":[\"/bin/sh\"]}}");
    Run allowed = osc("policy", "eval", policy.toString(), "ExecProcessRequest", curl.toString());
    assertThat(allowed.exit()).isZero();
    assertThat(allowed.out()).contains("ExecProcessRequest is allowed");
    Run denied = osc("policy", "eval", policy.toString(), "ExecProcessRequest", shell.toString());
    assertThat(denied.exit()).isEqualTo(1);
    assertThat(denied.out()).contains("ExecProcessRequest is blocked by policy");
    assertThat(osc("policy", "lint", policy.toString()).exit()).isZero();
    assertThat(osc("policy", "annotate", policy.toString()).out())
        .startsWith("io.katacontainers.config.agent.policy: ");
  }

  @Test
  void aPolicyThatDoesNotParseIsBadInput() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.rego"), "package agent_policy\n\nx := {");
    assertThat(osc("policy", "lint", broken.toString()).exit()).isEqualTo(2);
  }
}
