package dev.osc.ttrpc.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * testbed/ttrpc-peer, the real Go containerd/ttrpc library, as a process: found through the {@code
 * osc.ttrpc.peer} system property or the {@code OSC_TTRPC_PEER} environment variable, or built by
 * {@code scripts/ttrpc-peer.sh} (found above the working directory).
 */
public final class GoPeer {
  private GoPeer() {}

  /** Exit status of scripts/ttrpc-peer.sh when Go is not installed. */
  private static final int SCRIPT_NO_GO = 2;

  /**
   * The peer binary, or empty when it cannot be had because Go is not installed (or the script is
   * not around). A failing build is an exception, not a reason to skip.
   */
  public static Optional<Path> locate() throws IOException, InterruptedException {
    String given = System.getProperty("osc.ttrpc.peer", System.getenv("OSC_TTRPC_PEER"));
    if (given != null && !given.isBlank()) {
      Path p = Path.of(given);
      if (!Files.isExecutable(p))
        throw new IOException("ttrpc peer " + p + " is not an executable file");
      return Optional.of(p);
    }
    Optional<Path> script = findScript();
    if (script.isEmpty()) return Optional.empty();
    Process p =
        new ProcessBuilder(script.get().toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int rc = p.waitFor();
    if (rc == SCRIPT_NO_GO) return Optional.empty();
    if (rc != 0 || out.isEmpty())
      throw new IOException(script.get() + " failed with exit status " + rc);
    return Optional.of(Path.of(out));
  }

  private static Optional<Path> findScript() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path script = dir.resolve("scripts/ttrpc-peer.sh");
      if (Files.isExecutable(script)) return Optional.of(script);
    }
    return Optional.empty();
  }

  /** A running {@code ttrpc-peer server}; closing it stops the process. */
  public static final class Server implements AutoCloseable {
    private final Process process;

    private Server(Process process) {
      this.process = process;
    }

    @Override
    public void close() throws InterruptedException {
      try {
        process.getOutputStream().close(); // the peer exits when its stdin closes
      } catch (IOException ignored) {
        // already gone
      }
      if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
  }

  /** Starts {@code ttrpc-peer server <socket>} and waits until it listens. */
  public static Server startServer(Path binary, Path socket) throws IOException {
    Process p =
        new ProcessBuilder(binary.toString(), "server", socket.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (!"ready".equals(line)) {
      p.destroyForcibly();
      throw new IOException("ttrpc peer server did not start (first line: " + line + ")");
    }
    return new Server(p);
  }

  /** Result of a {@code ttrpc-peer client} run. */
  public record ClientResult(int exitCode, String output) {}

  /** Runs {@code ttrpc-peer client <socket> <scenario>} to completion. */
  public static ClientResult runClient(Path binary, Path socket, String scenario, Duration limit)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("ttrpc-peer-client", ".out");
    try {
      Process p =
          new ProcessBuilder(List.of(binary.toString(), "client", socket.toString(), scenario))
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      p.getOutputStream().close();
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        return new ClientResult(
            -1, "timed out after " + limit + ": " + Files.readString(output).trim());
      }
      return new ClientResult(p.exitValue(), Files.readString(output).trim());
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /**
   * Runs {@code ttrpc-peer bench}: the Go client's Echo round trips against the server at {@code
   * socket}, measured as {@link RoundTripBench#measure} does.
   */
  public static RoundTripBench.Result bench(
      Path binary, String name, Path socket, int calls, int payloadBytes)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                binary.toString(),
                "bench",
                socket.toString(),
                Integer.toString(calls),
                Integer.toString(payloadBytes))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int rc = p.waitFor();
    String[] f = out.split(" ", -1);
    if (rc != 0 || f.length != 4)
      throw new IOException("ttrpc-peer bench exited " + rc + " printing \"" + out + "\"");
    long total = Long.parseLong(f[3]);
    return new RoundTripBench.Result(
        name, calls, Long.parseLong(f[1]) / 1e3, Long.parseLong(f[2]) / 1e3, calls / (total / 1e9));
  }
}
