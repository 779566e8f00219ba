package dev.osc.caa.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a network namespace holds, read from iproute2's JSON ({@code ip -json addr show}, {@code ip
 * -json -d route show table main}, {@code ip -json neigh show nud permanent}): interfaces with
 * their IPv4 addresses and MTU, routes, permanent neighbours. Pure.
 */
public record NetnsView(List<Link> links, List<Route> routes, List<Neighbor> neighbors) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param ipv4 addresses as {@code a.b.c.d/n}
   * @param kind {@code veth}, {@code vxlan}, ... or null for a plain device
   */
  public record Link(String name, int mtu, String mac, List<String> ipv4, String kind) {}

  /**
   * @param dst {@code a.b.c.d/n}; the default route is {@code 0.0.0.0/0}
   * @param gateway null without one
   * @param protocol iproute2's name ({@code kernel}, {@code boot}, {@code static}, ...)
   * @param scope iproute2's name ({@code global}, {@code link}, {@code host})
   * @param type {@code unicast}, {@code local}, {@code broadcast}, ...
   */
  public record Route(
      String dst,
      String gateway,
      String dev,
      String protocol,
      String scope,
      String type,
      int metric) {
    public boolean isDefault() {
      return dst.equals("0.0.0.0/0");
    }
  }

  public record Neighbor(String ip, String mac, String dev) {}

  public Optional<Link> link(String name) {
    return links.stream().filter(l -> l.name().equals(name)).findFirst();
  }

  public static NetnsView parse(String addrJson, String routeJson, String neighJson) {
    List<Link> links = new ArrayList<>();
    for (JsonNode l : tree(addrJson)) {
      List<String> v4 = new ArrayList<>();
      for (JsonNode a : l.path("addr_info")) {
        if (a.path("family").asText().equals("inet")) {
          v4.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
        }
      }
      JsonNode kind = l.path("linkinfo").path("info_kind");
      links.add(
          new Link(
              l.path("ifname").asText(),
              l.path("mtu").asInt(),
              l.path("address").asText(null),
              List.copyOf(v4),
              kind.isMissingNode() ? null : kind.asText()));
    }
    List<Route> routes = new ArrayList<>();
    for (JsonNode r : tree(routeJson)) {
      String dst = r.path("dst").asText();
      dst = dst.equals("default") ? "0.0.0.0/0" : dst.contains("/") ? dst : dst + "/32";
      routes.add(
          new Route(
              dst,
              r.path("gateway").asText(null),
              r.path("dev").asText(null),
              r.path("protocol").asText("boot"),
              r.path("scope").asText("global"),
              r.path("type").asText("unicast"),
              r.path("metric").asInt(0)));
    }
    List<Neighbor> neighbors = new ArrayList<>();
    for (JsonNode n : tree(neighJson)) {
      if (n.hasNonNull("lladdr")) {
        neighbors.add(
            new Neighbor(
                n.path("dst").asText(), n.path("lladdr").asText(), n.path("dev").asText()));
      }
    }
    return new NetnsView(List.copyOf(links), List.copyOf(routes), List.copyOf(neighbors));
  }

  private static JsonNode tree(String json) {
    try {
      return json == null || json.isBlank() ? JSON.createArrayNode() : JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("iproute2 printed JSON this version cannot read", e);
    }
  }
}
