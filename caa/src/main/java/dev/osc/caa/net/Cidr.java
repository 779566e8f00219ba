package dev.osc.caa.net;

/** IPv4 addresses in CIDR notation ({@code 10.0.0.5/24}). Pure. */
public final class Cidr {
  private Cidr() {}

  /** The address part of {@code a.b.c.d/n} (the text itself without a slash). */
  public static String address(String cidr) {
    int slash = cidr.indexOf('/');
    return slash < 0 ? cidr : cidr.substring(0, slash);
  }

  /** The prefix length of {@code a.b.c.d/n}, 32 without a slash. */
  public static int length(String cidr) {
    int slash = cidr.indexOf('/');
    return slash < 0 ? 32 : Integer.parseInt(cidr.substring(slash + 1));
  }

  /** The network of {@code a.b.c.d/n}, as {@code w.x.y.z/n}. */
  public static String network(String cidr) {
    int bits = length(cidr);
    long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
    return text(toLong(address(cidr)) & mask) + "/" + bits;
  }

  static long toLong(String address) {
    String[] p = address.split("\\.", -1);
    if (p.length != 4) {
      throw new IllegalArgumentException("\"" + address + "\" is not an IPv4 address");
    }
    long v = 0;
    for (String part : p) {
      int b = Integer.parseInt(part);
      if (b < 0 || b > 255) {
        throw new IllegalArgumentException("\"" + address + "\" is not an IPv4 address");
      }
      v = v << 8 | b;
    }
    return v;
  }

  static String text(long v) {
    return (v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
  }
}
