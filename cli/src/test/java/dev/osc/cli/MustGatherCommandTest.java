package dev.osc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's own failures; what it gathers is tested on the real API server (e2e). */
class MustGatherCommandTest {
  @TempDir Path dir;

  @Test
  void anApiServerThatDoesNotAnswerFailsBeforeWritingWithExit1() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Path kubeconfig =
        Files.writeString(
            dir.resolve("kubeconfig"),
            String.join(
                "\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: c",
                "  cluster: {server: 'https://127.0.0.1:" + closedPort + "'}",
                "users:",
                "- name: u",
                "  user: {token: t}",
                "contexts:",
                "- name: x",
                "  context: {cluster: c, user: u}",
                "current-context: x",
                ""));
    Path dest = dir.resolve("out");
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      exit =
          Osc.commandLine()
              .execute(
                  "must-gather",
                  "--dest-dir",
                  dest.toString(),
                  "--kubeconfig",
                  kubeconfig.toString());
    } finally {
      System.setErr(saved);
    }
    System.out.print(err.toString(StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith(
            "must-gather: cannot reach the API server at https://127.0.0.1:" + closedPort + "/: ")
        .hasLineCount(1);
    assertThat(dest).isEmptyDirectory();
  }
}
