package dev.osc.caa.net;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Real kernel networking for tests, made and removed by the test: a host bridge with a pod CIDR
 * on it, and pod network namespaces attached to it the way the CNI bridge plugin attaches them
 * (a veth pair, {@code eth0} inside with an address of the CIDR and a default route via the
 * bridge). Every name starts with {@code oscn}. Needs root.
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
    Ip.run(null, "ip", "link", "add", br, "type", "bridge");
    links.add(br);
    Ip.run(null, "ip", "addr", "add", subnet + ".1/24", "dev", br);
    Ip.run(null, "ip", "link", "set", br, "up");
  }

  /** Why the lab cannot run here, or null when it can. */
  public static String unavailable() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "not root: real network namespace tests skipped";
    }
    try {
      Ip.run(null, "ip", "-V");
      Ip.run(null, "nsenter", "--version");
    } catch (IOException e) {
      return "iproute2 or nsenter missing (" + e.getMessage() + "): network tests skipped";
    }
    return null;
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
    Ip.run(null, "ip", "link", "add", peer, "mtu", Integer.toString(mtu), "type", "veth",
        "peer", "name", "eth0", "mtu", Integer.toString(mtu), "netns", ns);
    links.add(peer);
    Ip.run(null, "ip", "link", "set", peer, "master", bridge(), "up");
    String path = path(ns);
    Ip.run(path, "ip", "addr", "add", subnet + "." + host + "/24", "dev", "eth0");
    Ip.run(path, "ip", "link", "set", "eth0", "up");
    Ip.run(path, "ip", "route", "add", "default", "via", gateway());
    return path;
  }

  /** An empty namespace (only lo, down). */
  public String namespace(String name) throws IOException {
    String ns = "oscn" + tag + name;
    Ip.run(null, "ip", "netns", "add", ns);
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

  private static void quietly(String... command) {
    try {
      Ip.run(null, command);
    } catch (IOException gone) {
      // deleted with its namespace or peer
    }
  }
}
