package dev.osc.caa.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs iproute2 ({@code ip}, {@code tc}, {@code bridge}), in the adaptor's network namespace or,
 * through util-linux's {@code nsenter --net=PATH}, in another one given by its path (the Kata shim
 * passes a path, which {@code ip -n} does not take). The only place the adaptor talks to the
 * kernel's networking.
 */
public final class Ip {
  private static final long TIMEOUT_SECONDS = 20;

  private Ip() {}

  /** Thrown with iproute2's own message (its first line of standard error). */
  public static final class IpException extends IOException {
    public IpException(String message) {
      super(message);
    }
  }

  /**
   * @param netns the namespace's path, or null for the adaptor's own
   * @return standard output
   */
  public static String run(String netns, String... command) throws IOException {
    List<String> argv = new ArrayList<>();
    if (netns != null) {
      argv.add("nsenter");
      argv.add("--net=" + netns);
    }
    argv.addAll(List.of(command));
    Process p =
        new ProcessBuilder(argv)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    byte[] out;
    byte[] err;
    try {
      out = p.getInputStream().readAllBytes();
      err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IpException(
            String.join(" ", command) + ": no answer in " + TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IpException(String.join(" ", command) + ": interrupted");
    }
    if (p.exitValue() != 0) {
      String msg = new String(err, StandardCharsets.UTF_8).strip();
      int nl = msg.indexOf('\n');
      throw new IpException(
          (nl < 0 ? msg : msg.substring(0, nl)).isEmpty()
              ? String.join(" ", command) + ": exit " + p.exitValue()
              : nl < 0 ? msg : msg.substring(0, nl));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** What a namespace holds now. */
  public static NetnsView inspect(String netns) throws IOException {
    return NetnsView.parse(
        run(netns, "ip", "-json", "-d", "addr", "show"),
        run(netns, "ip", "-json", "-d", "route", "show", "table", "main"),
        run(netns, "ip", "-json", "neigh", "show", "nud", "permanent"));
  }
}
