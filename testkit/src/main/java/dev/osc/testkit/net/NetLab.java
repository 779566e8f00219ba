package dev.osc.testkit.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real kernel networking for tests, made and removed by the test: a host bridge with a pod CIDR on
 * it, and pod network namespaces attached to it the way the CNI bridge plugin attaches them (a veth
 * pair, {@code eth0} inside with an address of the CIDR and a default route via the bridge). Every
 * name starts with {@code oscn}. Needs root.
 */
public final class NetLab implements AutoCloseable {
  private final String tag;
  private final String subnet;
  private final List<String> namespaces = new ArrayList<>();
  private final List<String> links = new ArrayList<>();

  /**
   * @param tag at most 5 characters, unique among the labs alive at once
   * @param subnet the first three octets of the /24, e.g. {@code 10.252.7}
   */
  public NetLab(String tag, String subnet) throws IOException {
    this.tag = tag;
    this.subnet = subnet;
    String br = bridge();
    quietly("ip", "link", "del", br); // left by a test run that was killed
    run(null, "ip", "link", "add", br, "type", "bridge");
    links.add(br);
    run(null, "ip", "addr", "add", subnet + ".1/24", "dev", br);
    run(null, "ip", "link", "set", br, "up");
  }

  private static String unavailable;

  /**
   * Why the lab cannot run here (printed once a run), or null when it can: it tries what the tests
   * do (a namespace, a bridge, a VXLAN device, nsenter), so a root without CAP_NET_ADMIN (a default
   * container) or a kernel without VXLAN skips too.
   */
  public static synchronized String unavailable() {
    if (unavailable == null) {
      unavailable = probe();
      if (!unavailable.isEmpty()) {
        System.err.println("net: " + unavailable); // once a run; each test is then skipped
      }
    }
    return unavailable.isEmpty() ? null : unavailable;
  }

  private static String probe() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "not root: real network namespace tests skipped";
    }
    String ns = "oscnprobe";
    try {
      quietly("ip", "netns", "del", ns);
      run(null, "ip", "netns", "add", ns);
      run(path(ns), "ip", "link", "add", "oscnprobeb", "type", "bridge");
      run(
          path(ns),
          "ip",
          "link",
          "add",
          "oscnprobev",
          "type",
          "vxlan",
          "id",
          "1",
          "dstport",
          "4789");
      return "";
    } catch (IOException e) {
      return "cannot make network namespaces, bridges or VXLAN devices here ("
          + e.getMessage()
          + "): network tests skipped";
    } finally {
      quietly("ip", "netns", "del", ns);
    }
  }

  public String bridge() {
    return "oscn" + tag + "b";
  }

  public String gateway() {
    return subnet + ".1";
  }

  /** A pod namespace with {@code eth0} at {@code subnet.host/24}; returns its path. */
  public String pod(String name, int host, int mtu) throws IOException {
    String ns = namespace(name);
    String peer = "oscn" + tag + name + "h";
    run(
        null,
        "ip",
        "link",
        "add",
        peer,
        "mtu",
        Integer.toString(mtu),
        "type",
        "veth",
        "peer",
        "name",
        "eth0",
        "mtu",
        Integer.toString(mtu),
        "netns",
        ns);
    links.add(peer);
    run(null, "ip", "link", "set", peer, "master", bridge(), "up");
    String path = path(ns);
    run(path, "ip", "addr", "add", subnet + "." + host + "/24", "dev", "eth0");
    run(path, "ip", "link", "set", "eth0", "up");
    run(path, "ip", "route", "add", "default", "via", gateway());
    return path;
  }

  /** An empty namespace (only lo, down). */
  public String namespace(String name) throws IOException {
    String ns = "oscn" + tag + name;
    quietly("ip", "netns", "del", ns); // left by a test run that was killed
    run(null, "ip", "netns", "add", ns);
    namespaces.add(ns);
    return ns;
  }

  public static String path(String ns) {
    return "/run/netns/" + ns;
  }

  @Override
  public void close() {
    for (String ns : namespaces) {
      quietly("ip", "netns", "del", ns);
    }
    for (String link : links) {
      quietly("ip", "link", "del", link);
    }
  }

  /**
   * Runs a command, in the namespace at {@code netns} (a path) through nsenter, or here when null;
   * returns its output, or fails with its first line of standard error.
   */
  public static String run(String netns, String... command) throws IOException {
    List<String> argv = new ArrayList<>();
    if (netns != null) {
      argv.addAll(List.of("nsenter", "--net=" + netns));
    }
    argv.addAll(List.of(command));
    Process p = new ProcessBuilder(argv).redirectErrorStream(false).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    try {
      if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException(
            String.join(" ", command) + ": " + err.lines().findFirst().orElse("failed"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return out;
  }

  private static void quietly(String... command) {
    try {
      run(null, command);
    } catch (IOException gone) {
      // deleted with its namespace or peer
    }
  }
}
