package dev.osc.dev;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Prints a status document the way kubectl and the documentation show it: keys sorted, strings
 * quoted only where YAML needs it ('True', "").
 */
final class DocYaml {
  private DocYaml() {}

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z][-A-Za-z0-9_. /\"]*");
  private static final List<String> RESERVED =
      List.of("true", "false", "yes", "no", "on", "off", "null", "y", "n");

  static String print(Map<String, Object> doc) {
    StringBuilder out = new StringBuilder();
    map(doc, 0, out);
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  private static void map(Map<String, Object> m, int indent, StringBuilder out) {
    for (Map.Entry<String, Object> e : new TreeMap<>(m).entrySet()) {
      out.append(" ".repeat(indent)).append(e.getKey()).append(':');
      Object v = e.getValue();
      if (v instanceof Map<?, ?> child) {
        out.append('\n');
        map((Map<String, Object>) child, indent + 2, out);
      } else if (v instanceof List<?> list) {
        out.append('\n');
        for (Object item : list) {
          if (item instanceof Map<?, ?> mi) {
            StringBuilder sub = new StringBuilder();
            map((Map<String, Object>) mi, indent + 2, sub);
            out.append(" ".repeat(indent)).append("- ").append(sub.substring(indent + 2));
          } else {
            out.append(" ".repeat(indent)).append("- ").append(scalar(item)).append('\n');
          }
        }
      } else {
        out.append(' ').append(scalar(v)).append('\n');
      }
    }
  }

  static String scalar(Object v) {
    if (!(v instanceof String s)) {
      return String.valueOf(v);
    }
    if (s.isEmpty()) {
      return "\"\"";
    }
    if (RESERVED.contains(s.toLowerCase(Locale.ROOT)) || !PLAIN.matcher(s).matches()) {
      return "'" + s.replace("'", "''") + "'";
    }
    return s;
  }
}
