package dev.osc.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Converts between Rego values and Jackson trees, and writes values as compact JSON. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private Json() {}

  static Value fromNode(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return Values.NULL;
    }
    if (n.isBoolean()) {
      return Value.bool(n.booleanValue());
    }
    if (n.isIntegralNumber()) {
      return new Value.Num(new BigDecimal(n.bigIntegerValue()));
    }
    if (n.isNumber()) {
      return new Value.Num(n.decimalValue());
    }
    if (n.isTextual()) {
      return Value.str(n.textValue());
    }
    if (n.isArray()) {
      List<Value> items = new ArrayList<>(n.size());
      n.forEach(e -> items.add(fromNode(e)));
      return new Value.Arr(List.copyOf(items));
    }
    if (n.isObject()) {
      TreeMap<Value, Value> fields = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        fields.put(Value.str(e.getKey()), fromNode(e.getValue()));
      }
      return new Value.Obj(fields);
    }
    if (n.isBinary()) {
      throw new RegoException("binary JSON values are not supported");
    }
    return Value.str(n.asText());
  }

  /** Sets become arrays in canonical order; integral numbers become JSON integers. */
  static JsonNode toNode(Value v) {
    if (v instanceof Value.Bool b) {
      return F.booleanNode(b.value());
    } else if (v instanceof Value.Num n) {
      return numberNode(n.value());
    } else if (v instanceof Value.Str s) {
      return F.textNode(s.value());
    } else if (v instanceof Value.Arr a) {
      return array(a.items());
    } else if (v instanceof Value.SetV s) {
      return array(s.items());
    } else if (v instanceof Value.Obj o) {
      ObjectNode obj = F.objectNode();
      o.fields().forEach((k, val) -> obj.set(keyText(k), toNode(val)));
      return obj;
    }
    return F.nullNode();
  }

  private static ArrayNode array(Iterable<Value> items) {
    ArrayNode arr = F.arrayNode();
    items.forEach(i -> arr.add(toNode(i)));
    return arr;
  }

  private static JsonNode numberNode(BigDecimal d) {
    if (isIntegral(d)) {
      BigInteger i = d.toBigIntegerExact();
      if (i.compareTo(INT_MIN) >= 0 && i.compareTo(INT_MAX) <= 0) {
        return F.numberNode(i.intValue());
      }
      if (i.compareTo(LONG_MIN) >= 0 && i.compareTo(LONG_MAX) <= 0) {
        return F.numberNode(i.longValue());
      }
      return F.numberNode(i);
    }
    return F.numberNode(d.doubleValue());
  }

  static boolean isIntegral(BigDecimal d) {
    return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
  }

  /** Object keys that are not strings are written as their JSON text. */
  static String keyText(Value k) {
    return k instanceof Value.Str s ? s.value() : write(k);
  }

  static String write(Value v) {
    try {
      return MAPPER.writeValueAsString(toNode(v));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Value parse(String text) throws JsonProcessingException {
    return fromNode(MAPPER.readTree(text));
  }

  static Value setOf(Iterable<Value> items) {
    TreeSet<Value> s = new TreeSet<>();
    items.forEach(s::add);
    return new Value.SetV(s);
  }
}
