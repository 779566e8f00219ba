package dev.osc.dev.webhookbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A webhook server under test, as its own process (so both servers are measured alike, neither
 * sharing a JVM with the load generator), its output in a log file.
 */
public final class ServerProcess implements AutoCloseable {
  /** Linux's USER_HZ, the unit of /proc/PID/stat CPU times, on every common platform. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;

  private ServerProcess(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static ServerProcess start(
      String name, List<String> command, Map<String, String> env, int port, Path log)
      throws IOException {
    ProcessBuilder b =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    b.environment().putAll(env);
    Process process = b.start();
    // A bench stopped with Ctrl-C must not leave the server running.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    return new ServerProcess(name, process, port, log);
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /**
   * The response to {@code request} once the server answers, retried until then; fails when the
   * process ends or {@code timeout} passes.
   */
  public KeepAliveConnection.Response awaitResponse(
      SSLContext tls, byte[] request, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            name + " exited with " + process.exitValue() + "; its output: " + tail());
      }
      try (KeepAliveConnection c = new KeepAliveConnection(tls, "127.0.0.1", port)) {
        return c.exchange(request);
      } catch (IOException e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw new IOException(
        name
            + " did not answer on port "
            + port
            + " within "
            + timeout
            + " ("
            + (last == null ? "" : last.getMessage())
            + "); its output: "
            + tail());
  }

  /** User plus system CPU time of the process so far, or -1 where /proc is not there. */
  public long cpuNanos() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
      // Fields after the command name, which is in parentheses and may hold spaces: utime is
      // field 14 and stime 15 of the whole line, so 12 and 13 of what follows ") ".
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
