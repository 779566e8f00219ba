package dev.osc.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The builtins Kata policies call. Each throws {@link BuiltinError} on bad operands, which the
 * interpreter turns into an undefined expression.
 */
final class Builtins {
  record Builtin(int arity, Function<List<Value>, Value> fn) {}

  private static final Map<String, Builtin> ALL = new HashMap<>();

  private Builtins() {}

  static Builtin get(String name) {
    return ALL.get(name);
  }

  private static void def(String name, int arity, Function<List<Value>, Value> fn) {
    ALL.put(name, new Builtin(arity, fn));
  }

  static {
    def(
        "count",
        1,
        a -> {
          Value v = a.get(0);
          if (v instanceof Value.Str x) {
            return Value.num(x.value().codePointCount(0, x.value().length()));
          }
          Integer size = size(v);
          if (size == null) {
            throw type("count", 1, "collection or string", v);
          }
          return Value.num(size);
        });
    def(
        "array.concat",
        2,
        a -> {
          List<Value> out = new ArrayList<>(arr("array.concat", a, 0));
          out.addAll(arr("array.concat", a, 1));
          return new Value.Arr(List.copyOf(out));
        });
    def(
        "array.slice",
        3,
        a -> {
          List<Value> xs = arr("array.slice", a, 0);
          int from = Math.max(0, Math.min(intArg("array.slice", a, 1), xs.size()));
          int to = Math.max(from, Math.min(intArg("array.slice", a, 2), xs.size()));
          return new Value.Arr(List.copyOf(xs.subList(from, to)));
        });
    def(
        "concat",
        2,
        a -> {
          String sep = str("concat", a, 0);
          Iterable<Value> items;
          if (a.get(1) instanceof Value.Arr x) {
            items = x.items();
          } else if (a.get(1) instanceof Value.SetV x) {
            items = x.items();
          } else {
            throw type("concat", 2, "array or set", a.get(1));
          }
          List<String> parts = new ArrayList<>();
          for (Value v : items) {
            if (!(v instanceof Value.Str s)) {
              throw new BuiltinError("concat: operand 2 must contain strings");
            }
            parts.add(s.value());
          }
          return Value.str(String.join(sep, parts));
        });
    def("contains", 2, a -> Value.bool(str("contains", a, 0).contains(str("contains", a, 1))));
    def(
        "startswith",
        2,
        a -> Value.bool(str("startswith", a, 0).startsWith(str("startswith", a, 1))));
    def("endswith", 2, a -> Value.bool(str("endswith", a, 0).endsWith(str("endswith", a, 1))));
    def("lower", 1, a -> Value.str(str("lower", a, 0).toLowerCase(java.util.Locale.ROOT)));
    def("upper", 1, a -> Value.str(str("upper", a, 0).toUpperCase(java.util.Locale.ROOT)));
    def(
        "indexof",
        2,
        a -> {
          String s = str("indexof", a, 0);
          int i = s.indexOf(str("indexof", a, 1));
          return Value.num(i < 0 ? -1 : s.codePointCount(0, i));
        });
    def(
        "replace",
        3,
        a -> Value.str(str("replace", a, 0).replace(str("replace", a, 1), str("replace", a, 2))));
    def("split", 2, a -> split(str("split", a, 0), str("split", a, 1)));
    def(
        "substring",
        3,
        a ->
            substring(
                str("substring", a, 0), intArg("substring", a, 1), intArg("substring", a, 2)));
    def(
        "trim",
        2,
        a ->
            Value.str(
                Strings.trimRight(
                    Strings.trimLeft(str("trim", a, 0), str("trim", a, 1)), str("trim", a, 1))));
    def(
        "trim_left",
        2,
        a -> Value.str(Strings.trimLeft(str("trim_left", a, 0), str("trim_left", a, 1))));
    def(
        "trim_right",
        2,
        a -> Value.str(Strings.trimRight(str("trim_right", a, 0), str("trim_right", a, 1))));
    def(
        "trim_prefix",
        2,
        a -> {
          String s = str("trim_prefix", a, 0);
          String p = str("trim_prefix", a, 1);
          return Value.str(s.startsWith(p) ? s.substring(p.length()) : s);
        });
    def(
        "trim_suffix",
        2,
        a -> {
          String s = str("trim_suffix", a, 0);
          String p = str("trim_suffix", a, 1);
          return Value.str(s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s);
        });
    def("trim_space", 1, a -> Value.str(Strings.trimSpace(str("trim_space", a, 0))));
    def("sprintf", 2, a -> Value.str(GoFormat.sprintf(str("sprintf", a, 0), arr("sprintf", a, 1))));
    def("to_number", 1, a -> toNumber(a.get(0)));
    def("is_array", 1, a -> Value.bool(a.get(0) instanceof Value.Arr));
    def("is_boolean", 1, a -> Value.bool(a.get(0) instanceof Value.Bool));
    def("is_null", 1, a -> Value.bool(a.get(0) instanceof Value.Null));
    def("is_number", 1, a -> Value.bool(a.get(0) instanceof Value.Num));
    def("is_object", 1, a -> Value.bool(a.get(0) instanceof Value.Obj));
    def("is_set", 1, a -> Value.bool(a.get(0) instanceof Value.SetV));
    def("is_string", 1, a -> Value.bool(a.get(0) instanceof Value.Str));
    def(
        "regex.match",
        2,
        a ->
            Value.bool(
                GoRegex.compile(str("regex.match", a, 0))
                    .matcher(str("regex.match", a, 1))
                    .find()));
    def(
        "regex.find_all_string_submatch_n",
        3,
        a ->
            GoRegex.findAllSubmatch(
                str("regex.find_all_string_submatch_n", a, 0),
                str("regex.find_all_string_submatch_n", a, 1),
                intArg("regex.find_all_string_submatch_n", a, 2)));
    def(
        "base64.encode",
        1,
        a -> Value.str(Base64.getEncoder().encodeToString(bytes("base64.encode", a))));
    def("base64.decode", 1, a -> decode(Base64.getDecoder(), str("base64.decode", a, 0)));
    def(
        "base64url.encode",
        1,
        a -> Value.str(Base64.getUrlEncoder().encodeToString(bytes("base64url.encode", a))));
    def(
        "base64url.encode_no_pad",
        1,
        a ->
            Value.str(
                Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(bytes("base64url.encode_no_pad", a))));
    def("base64url.decode", 1, a -> decode(Base64.getUrlDecoder(), str("base64url.decode", a, 0)));
    def("bits.and", 2, a -> bigint(bigArg("bits.and", a, 0).and(bigArg("bits.and", a, 1))));
    def("bits.or", 2, a -> bigint(bigArg("bits.or", a, 0).or(bigArg("bits.or", a, 1))));
    def("bits.xor", 2, a -> bigint(bigArg("bits.xor", a, 0).xor(bigArg("bits.xor", a, 1))));
    def("bits.negate", 1, a -> bigint(bigArg("bits.negate", a, 0).not()));
    def("bits.lsh", 2, a -> bigint(bigArg("bits.lsh", a, 0).shiftLeft(shift("bits.lsh", a))));
    def("bits.rsh", 2, a -> bigint(bigArg("bits.rsh", a, 0).shiftRight(shift("bits.rsh", a))));
    def("object.get", 3, a -> objectGet(a.get(0), a.get(1), a.get(2)));
    def("json.marshal", 1, a -> Value.str(Json.write(a.get(0))));
    def(
        "json.unmarshal",
        1,
        a -> {
          try {
            return Json.parse(str("json.unmarshal", a, 0));
          } catch (JsonProcessingException | RegoException e) {
            throw new BuiltinError("json.unmarshal: " + e.getMessage());
          }
        });
    def("abs", 1, a -> new Value.Num(num("abs", a, 0).abs()));
    def("round", 1, a -> rounded(num("round", a, 0), java.math.RoundingMode.HALF_UP));
    def("ceil", 1, a -> rounded(num("ceil", a, 0), java.math.RoundingMode.CEILING));
    def("floor", 1, a -> rounded(num("floor", a, 0), java.math.RoundingMode.FLOOR));
    def(
        "numbers.range",
        2,
        a -> {
          BigInteger from = bigArg("numbers.range", a, 0);
          BigInteger to = bigArg("numbers.range", a, 1);
          BigInteger step = BigInteger.valueOf(from.compareTo(to) <= 0 ? 1 : -1);
          List<Value> out = new ArrayList<>();
          for (BigInteger i = from; ; i = i.add(step)) {
            out.add(bigint(i));
            if (i.equals(to)) {
              return new Value.Arr(List.copyOf(out));
            }
          }
        });
    def(
        "sum",
        1,
        a -> {
          BigDecimal total = BigDecimal.ZERO;
          for (Value v : items("sum", a.get(0))) {
            total = total.add(num("sum", List.of(v), 0));
          }
          return new Value.Num(total);
        });
    def(
        "product",
        1,
        a -> {
          BigDecimal total = BigDecimal.ONE;
          for (Value v : items("product", a.get(0))) {
            total = total.multiply(num("product", List.of(v), 0));
          }
          return new Value.Num(total);
        });
    // An empty collection has no max or min: undefined.
    def(
        "max",
        1,
        a ->
            items("max", a.get(0)).stream()
                .max(Value::compareTo)
                .orElseThrow(() -> new BuiltinError("max: empty collection")));
    def(
        "min",
        1,
        a ->
            items("min", a.get(0)).stream()
                .min(Value::compareTo)
                .orElseThrow(() -> new BuiltinError("min: empty collection")));
    def("sort", 1, a -> new Value.Arr(items("sort", a.get(0)).stream().sorted().toList()));
    def(
        "array.reverse",
        1,
        a -> {
          List<Value> out = new ArrayList<>(arr("array.reverse", a, 0));
          java.util.Collections.reverse(out);
          return new Value.Arr(List.copyOf(out));
        });
    def(
        "object.keys",
        1,
        a -> {
          if (!(a.get(0) instanceof Value.Obj o)) {
            throw type("object.keys", 1, "object", a.get(0));
          }
          return new Value.SetV(
              java.util.Collections.unmodifiableNavigableSet(
                  new java.util.TreeSet<>(o.fields().keySet())));
        });
    def("type_name", 1, a -> Value.str(a.get(0).typeName()));
    def(
        "json.is_valid",
        1,
        a -> {
          try {
            Json.parse(str("json.is_valid", a, 0));
            return Values.TRUE;
          } catch (JsonProcessingException | RegoException e) {
            return Values.FALSE;
          }
        });
    def(
        "base64.is_valid",
        1,
        a -> {
          try {
            Base64.getDecoder().decode(str("base64.is_valid", a, 0));
            return Values.TRUE;
          } catch (IllegalArgumentException e) {
            return Values.FALSE;
          }
        });
    def(
        "regex.split",
        2,
        a ->
            new Value.Arr(
                java.util.Arrays.stream(
                        GoRegex.compile(str("regex.split", a, 0))
                            .split(str("regex.split", a, 1), -1))
                    .map(Value::str)
                    .toList()));
    def(
        "format_int",
        2,
        a -> {
          BigDecimal n = num("format_int", a, 0);
          BigInteger base = bigArg("format_int", a, 1);
          if (!List.of(2, 8, 10, 16).contains(base.intValue()) || base.bitLength() > 5) {
            throw new BuiltinError("format_int: base must be one of 2, 8, 10, 16");
          }
          // The sign is kept apart and the magnitude rounded down, so -2.5 is "-2".
          String digits =
              n.abs()
                  .setScale(0, java.math.RoundingMode.FLOOR)
                  .toBigInteger()
                  .toString(base.intValue());
          return Value.str((n.signum() < 0 ? "-" : "") + digits);
        });
  }

  // ---- helpers ----

  private static BigDecimal num(String fn, List<Value> a, int i) {
    if (a.get(i) instanceof Value.Num n) {
      return n.value();
    }
    throw type(fn, i + 1, "number", a.get(i));
  }

  /** Rounds to an integer; halves round away from zero (Rust's f64::round). */
  private static Value rounded(BigDecimal d, java.math.RoundingMode mode) {
    return new Value.Num(d.setScale(0, mode));
  }

  private static List<Value> items(String fn, Value v) {
    if (v instanceof Value.Arr x) {
      return x.items();
    } else if (v instanceof Value.SetV x) {
      return List.copyOf(x.items());
    }
    throw type(fn, 1, "array or set", v);
  }

  private static BuiltinError type(String fn, int operand, String want, Value got) {
    return new BuiltinError(
        fn + ": operand " + operand + " must be " + want + " but got " + got.typeName());
  }

  private static String str(String fn, List<Value> a, int i) {
    if (a.get(i) instanceof Value.Str s) {
      return s.value();
    }
    throw type(fn, i + 1, "string", a.get(i));
  }

  private static List<Value> arr(String fn, List<Value> a, int i) {
    if (a.get(i) instanceof Value.Arr x) {
      return x.items();
    }
    throw type(fn, i + 1, "array", a.get(i));
  }

  private static BigInteger bigArg(String fn, List<Value> a, int i) {
    if (a.get(i) instanceof Value.Num n && Json.isIntegral(n.value())) {
      return n.value().toBigIntegerExact();
    }
    throw type(fn, i + 1, "integer", a.get(i));
  }

  private static int intArg(String fn, List<Value> a, int i) {
    BigInteger b = bigArg(fn, a, i);
    if (b.bitLength() > 31) {
      throw new BuiltinError(fn + ": operand " + (i + 1) + " out of range");
    }
    return b.intValue();
  }

  private static int shift(String fn, List<Value> a) {
    int n = intArg(fn, a, 1);
    if (n < 0) {
      throw new BuiltinError(fn + ": shift must be non-negative");
    }
    return n;
  }

  private static Value bigint(BigInteger b) {
    return new Value.Num(new BigDecimal(b));
  }

  private static byte[] bytes(String fn, List<Value> a) {
    return str(fn, a, 0).getBytes(StandardCharsets.UTF_8);
  }

  private static Value decode(Base64.Decoder d, String s) {
    try {
      return Value.str(new String(d.decode(s), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new BuiltinError("base64 decode: " + e.getMessage());
    }
  }

  /** Go strings.Split: an empty separator splits into characters. */
  private static Value split(String s, String sep) {
    List<Value> out = new ArrayList<>();
    if (sep.isEmpty()) {
      s.codePoints().forEach(cp -> out.add(Value.str(new String(Character.toChars(cp)))));
      return new Value.Arr(List.copyOf(out));
    }
    int from = 0;
    while (true) {
      int i = s.indexOf(sep, from);
      if (i < 0) {
        out.add(Value.str(s.substring(from)));
        return new Value.Arr(List.copyOf(out));
      }
      out.add(Value.str(s.substring(from, i)));
      from = i + sep.length();
    }
  }

  /** Offsets count Unicode code points; a negative length means "to the end". */
  private static Value substring(String s, int start, int length) {
    if (start < 0) {
      throw new BuiltinError("substring: negative offset");
    }
    int[] cps = s.codePoints().toArray();
    if (start >= cps.length) {
      return Value.str("");
    }
    int end = length < 0 ? cps.length : (int) Math.min((long) start + length, cps.length);
    return Value.str(new String(cps, start, end - start));
  }

  private static Value toNumber(Value v) {
    if (v instanceof Value.Null) {
      return Value.num(0);
    } else if (v instanceof Value.Bool b) {
      return Value.num(b.value() ? 1 : 0);
    } else if (v instanceof Value.Num) {
      return v;
    } else if (v instanceof Value.Str s) {
      // regorus reads the string as a JSON document that must be a number: JSON whitespace
      // around it is fine, '+', '.5', '1.' and leading zeros are not.
      String t = s.value().replaceAll("^[ \\t\\n\\r]+|[ \\t\\n\\r]+$", "");
      if (!t.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
        throw new BuiltinError("to_number: invalid syntax: " + s.value());
      }
      return new Value.Num(new BigDecimal(t));
    }
    throw type("to_number", 1, "null, boolean, number or string", v);
  }

  private static Integer size(Value v) {
    if (v instanceof Value.Arr x) {
      return x.items().size();
    } else if (v instanceof Value.SetV x) {
      return x.items().size();
    } else if (v instanceof Value.Obj x) {
      return x.fields().size();
    }
    return null;
  }

  /** object.get(obj, key, default); an array key is a path into nested collections. */
  private static Value objectGet(Value obj, Value key, Value dflt) {
    if (!(obj instanceof Value.Obj)) {
      throw type("object.get", 1, "object", obj);
    }
    if (!(key instanceof Value.Arr path)) {
      Value v = ((Value.Obj) obj).fields().get(key);
      return v == null ? dflt : v;
    }
    Value cur = obj;
    for (Value k : path.items()) {
      cur = Interpreter.lookup(cur, k);
      if (cur == null) {
        return dflt;
      }
    }
    return cur;
  }
}
