package dev.osc.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine's programs (qemu-img, ssh-keygen, ...) as tests run them. */
public final class Programs {
  private Programs() {}

  /** Whether {@code program} is an executable on the PATH: tests without it skip. */
  public static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":", -1)) {
      if (Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }

  /** Runs the command to its end; fails naming it and its output unless it exits 0 in 60 s. */
  public static void run(String... command) throws IOException, InterruptedException {
    run(List.of(command));
  }

  public static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + ": still running after 60 s");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + ": exit " + p.exitValue() + ": " + out);
    }
  }
}
