package dev.osc.policy.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** RFC 6902 JSON Patch over a Jackson tree, applied in place; a failing op throws. */
final class JsonPatch {
  private JsonPatch() {}

  static JsonNode apply(JsonNode doc, JsonNode ops) {
    if (!ops.isArray()) {
      throw new IllegalArgumentException("patch must be an array of operations");
    }
    JsonNode root = doc;
    for (JsonNode op : ops) {
      String kind = text(op, "op");
      List<String> path = pointer(text(op, "path"));
      switch (kind) {
        case "add" -> root = add(root, path, value(op));
        case "remove" -> remove(root, path);
        case "replace" -> {
          get(root, path);
          remove(root, path);
          root = add(root, path, value(op));
        }
        case "move" -> {
          List<String> from = pointer(text(op, "from"));
          JsonNode v = get(root, from);
          remove(root, from);
          root = add(root, path, v);
        }
        case "copy" -> root = add(root, path, get(root, pointer(text(op, "from"))).deepCopy());
        case "test" -> {
          if (!get(root, path).equals(value(op))) {
            throw new IllegalArgumentException("test failed at " + text(op, "path"));
          }
        }
        default -> throw new IllegalArgumentException("unknown patch op " + kind);
      }
    }
    return root;
  }

  private static String text(JsonNode op, String field) {
    JsonNode v = op.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("patch op lacks \"" + field + "\"");
    }
    return v.textValue();
  }

  private static JsonNode value(JsonNode op) {
    if (!op.has("value")) {
      throw new IllegalArgumentException("patch op lacks \"value\"");
    }
    return op.get("value").deepCopy();
  }

  static List<String> pointer(String p) {
    List<String> out = new ArrayList<>();
    if (p.isEmpty()) {
      return out;
    }
    if (!p.startsWith("/")) {
      throw new IllegalArgumentException("bad JSON pointer " + p);
    }
    for (String seg : p.substring(1).split("/", -1)) {
      out.add(seg.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  private static JsonNode get(JsonNode root, List<String> path) {
    JsonNode cur = root;
    for (String seg : path) {
      cur = cur.isArray() ? cur.get(index(seg, cur.size() - 1)) : cur.get(seg);
      if (cur == null) {
        throw new IllegalArgumentException("path /" + String.join("/", path) + " not found");
      }
    }
    return cur;
  }

  private static JsonNode add(JsonNode root, List<String> path, JsonNode v) {
    if (path.isEmpty()) {
      return v;
    }
    JsonNode parent = get(root, path.subList(0, path.size() - 1));
    String last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode o) {
      o.set(last, v);
    } else if (parent instanceof ArrayNode a) {
      if (last.equals("-")) {
        a.add(v);
      } else {
        a.insert(index(last, a.size()), v);
      }
    } else {
      throw new IllegalArgumentException("cannot add below a scalar");
    }
    return root;
  }

  private static void remove(JsonNode root, List<String> path) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("cannot remove the whole document");
    }
    JsonNode parent = get(root, path.subList(0, path.size() - 1));
    String last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode o && o.has(last)) {
      o.remove(last);
    } else if (parent instanceof ArrayNode a) {
      a.remove(index(last, a.size() - 1));
    } else {
      throw new IllegalArgumentException("path /" + String.join("/", path) + " not found");
    }
  }

  private static int index(String seg, int max) {
    try {
      int i = Integer.parseInt(seg);
      if (i >= 0 && i <= max && (seg.equals("0") || !seg.startsWith("0"))) {
        return i;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("bad array index " + seg);
  }
}
