package dev.osc.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * sprintf as regorus 0.10.0 (the Kata agent's engine) does it, which is not Go's fmt: no flags, a
 * width only as {@code %5d}, {@code %05d} or {@code %.2f}, a missing or extra argument and an
 * unsupported verb ({@code %q %T %p %#}, or a number under a verb that cannot show it) make the
 * call undefined, and other verbs that do not fit their argument print nothing. Its quirks are
 * kept, e.g. a negative number under %d %b %o %x %g shows its sign twice ({@code --1}).
 */
final class GoFormat {
  private GoFormat() {}

  private enum Width {
    NONE,
    CELL,
    ZEROS,
    DECIMALS
  }

  static String sprintf(String format, List<Value> args) {
    StringBuilder out = new StringBuilder();
    int[] cps = format.codePoints().toArray();
    int arg = 0;
    int i = 0;
    while (i < cps.length) {
      int c = cps[i++];
      if (c != '%') {
        out.appendCodePoint(c);
        continue;
      }
      if (i >= cps.length) {
        throw new BuiltinError("sprintf: missing format verb at the end");
      }
      c = cps[i++];
      if (c == '%') {
        out.append('%');
        continue;
      }
      Width kind = Width.NONE;
      int width = 0;
      if (c == '.' || isDigit(c)) {
        kind = c == '0' ? Width.ZEROS : c == '.' ? Width.DECIMALS : Width.CELL;
        width = c == '.' ? 0 : c - '0';
        while (i < cps.length && isDigit(cps[i])) {
          width = width * 10 + cps[i++] - '0';
        }
        if (i >= cps.length) {
          throw new BuiltinError("sprintf: missing format verb after the width");
        }
        c = cps[i++];
      }
      if (arg >= args.size()) {
        throw new BuiltinError("sprintf: no argument for format verb " + arg);
      }
      Value v = args.get(arg++);
      if (c == '+' && !(v instanceof Value.Num)) {
        // regorus looks at (and so drops) the character after '+' to reject %+v.
        if (i < cps.length && cps[i++] == 'v') {
          throw new BuiltinError("sprintf: %+v is not supported");
        }
        continue;
      }
      out.append(verb(c, v, kind, width));
    }
    if (arg < args.size()) {
      throw new BuiltinError("sprintf: extra arguments for " + arg + " format verbs");
    }
    return out.toString();
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static String verb(int verb, Value v, Width kind, int width) {
    if (verb == 's' || verb == 'v') {
      return plain(v);
    }
    if (!(v instanceof Value.Num num)) {
      if ("Tq#p".indexOf(verb) >= 0) {
        throw new BuiltinError("sprintf: format verb %" + (char) verb + " is not supported");
      }
      return "";
    }
    BigDecimal n = num.value();
    BigInteger integer = Json.isIntegral(n) ? n.toBigIntegerExact() : null;
    // The quirk: the sign, then the number formatted with its own sign still on.
    String sign = n.signum() < 0 ? "-" : "";
    switch (verb) {
      case 'b' -> {
        if (integer != null) {
          return sign + integer.toString(2);
        }
      }
      case 'c' -> {
        if (integer != null) {
          if (integer.signum() < 0
              || integer.bitLength() > 31
              || !Character.isValidCodePoint(integer.intValue())
              || Character.getType(integer.intValue()) == Character.SURROGATE) {
            throw new BuiltinError("sprintf: invalid value " + integer + " for format verb c");
          }
          return new String(Character.toChars(integer.intValue()));
        }
      }
      case 'd' -> {
        if (integer != null) {
          return sign + widen(kind, width, integer.toString());
        }
      }
      case 'o', 'O' -> {
        if (integer != null) {
          return sign + widen(kind, width, (verb == 'o' ? "0O" : "0o") + integer.toString(8));
        }
      }
      case 'x', 'X' -> {
        if (integer != null) {
          String hex = integer.toString(16);
          hex = verb == 'x' ? hex : hex.toUpperCase(java.util.Locale.ROOT);
          return sign + widen(kind, width, hex);
        }
      }
      case 'e' -> {
        return scientific(n, 'e');
      }
      case 'E' -> {
        return scientific(n, 'E');
      }
      case 'f', 'F' -> {
        if (kind == Width.DECIMALS) {
          return integer != null ? integer.toString() : decimals(n, width);
        }
        return widen(kind, width, plain(v));
      }
      case 'g', 'G' -> {
        // regorus shows every number but zero (and subnormals) in Rust's {:e} form.
        return n.signum() == 0 ? "0" : sign + scientific(n, verb == 'g' ? 'e' : 'E');
      }
      default -> {}
    }
    throw new BuiltinError("sprintf: number given for format verb %" + (char) verb);
  }

  /** %5d pads with spaces, %05d with zeros, both on the left; %.2d changes nothing. */
  private static String widen(Width kind, int width, String s) {
    if (s.length() >= width || (kind != Width.CELL && kind != Width.ZEROS)) {
      return s;
    }
    return (kind == Width.ZEROS ? "0" : " ").repeat(width - s.length()) + s;
  }

  /** %.Nf of a non-integer: rounded at N decimals in double arithmetic, as regorus does. */
  private static String decimals(BigDecimal n, int places) {
    double factor = Math.pow(10, places);
    double scaled = n.doubleValue() * factor;
    double rounded = Math.signum(scaled) * Math.floor(Math.abs(scaled) + 0.5) / factor;
    return new BigDecimal(rounded).setScale(places, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** Rust's {:e}: the shortest digits, one before the point, as in 1.2345e3 or -5e-1. */
  private static String scientific(BigDecimal n, char e) {
    if (n.signum() == 0) {
      return "0" + e + "0";
    }
    BigDecimal d = n.stripTrailingZeros();
    String digits = d.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - d.scale();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (n.signum() < 0 ? "-" : "") + mantissa + e + exponent;
  }

  /** %s, %v and print: strings bare, numbers in plain notation, collections as regorus has them. */
  static String plain(Value v) {
    if (v instanceof Value.Str s) {
      return s.value();
    }
    return printable(v, new StringBuilder()).toString();
  }

  /** A value inside a collection: strings quoted, {@code [1, "a"]}, {@code {"k": {1}}}. */
  private static StringBuilder printable(Value v, StringBuilder out) {
    if (v instanceof Value.Num n) {
      return out.append(
          Json.isIntegral(n.value())
              ? n.value().toBigIntegerExact().toString()
              : n.value().stripTrailingZeros().toPlainString());
    } else if (v instanceof Value.Arr a) {
      return printAll(a.items(), "[", "]", out);
    } else if (v instanceof Value.SetV s) {
      return printAll(s.items(), "{", "}", out);
    } else if (v instanceof Value.Obj o) {
      out.append('{');
      String sep = "";
      for (Map.Entry<Value, Value> e : o.fields().entrySet()) {
        printable(e.getKey(), out.append(sep)).append(": ");
        printable(e.getValue(), out);
        sep = ", ";
      }
      return out.append('}');
    }
    return out.append(Json.write(v));
  }

  private static StringBuilder printAll(
      Iterable<Value> items, String open, String close, StringBuilder out) {
    out.append(open);
    String sep = "";
    for (Value item : items) {
      printable(item, out.append(sep));
      sep = ", ";
    }
    return out.append(close);
  }
}
