package dev.osc.testkit.ec2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request as {@link Ec2FaultProxy} or {@link Ec2Endpoint} received it: the query-protocol
 * action and its flattened parameters ({@code TagSpecification.1.Tag.2.Key=...}), for assertions.
 *
 * @param accessKeyId the access key the request was signed with (from the SigV4 header)
 */
public record Ec2Call(String action, Map<String, String> params, String accessKeyId) {
  public Ec2Call {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  public String param(String name) {
    return params.get(name);
  }

  /** {@code prefix.1}, {@code prefix.2}, ... in order: a flattened EC2 list of strings. */
  public List<String> list(String prefix) {
    return list(params, prefix);
  }

  /** {@link #list(String)} of a flattened parameter map, such as {@link MotoFill}'s. */
  static List<String> list(Map<String, String> params, String prefix) {
    List<String> values = new ArrayList<>();
    for (int i = 1; params.containsKey(prefix + "." + i); i++) {
      values.add(params.get(prefix + "." + i));
    }
    return values;
  }

  /**
   * The members of a flattened list of structures: for {@code prefix.N.field=value}, one map of
   * {@code field -> value} per N, in order of N.
   */
  public List<Map<String, String>> structs(String prefix) {
    TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
    String start = prefix + ".";
    params.forEach(
        (k, v) -> {
          if (!k.startsWith(start)) {
            return;
          }
          String rest = k.substring(start.length());
          int dot = rest.indexOf('.');
          if (dot < 0) {
            return;
          }
          try {
            int index = Integer.parseInt(rest.substring(0, dot));
            byIndex
                .computeIfAbsent(index, i -> new LinkedHashMap<>())
                .put(rest.substring(dot + 1), v);
          } catch (NumberFormatException notAMember) {
            // a sibling parameter that merely shares the prefix
          }
        });
    return new ArrayList<>(byIndex.values());
  }
}
