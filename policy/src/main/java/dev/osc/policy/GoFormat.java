package dev.osc.policy;

import java.math.BigDecimal;
import java.util.List;

/**
 * sprintf with Go fmt verbs: %s %v %d %q %x %X %f %e %g %t %%, with width, precision and the
 * '-' and '0' flags. Composite values print as compact JSON; errors print as Go does (%!d(...)).
 */
final class GoFormat {
  private GoFormat() {}

  static String sprintf(String format, List<Value> args) {
    StringBuilder out = new StringBuilder();
    int arg = 0;
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i++);
      if (c != '%') {
        out.append(c);
        continue;
      }
      boolean left = false;
      boolean zero = false;
      boolean plus = false;
      while (i < format.length() && "-0+ #".indexOf(format.charAt(i)) >= 0) {
        char f = format.charAt(i++);
        left |= f == '-';
        zero |= f == '0';
        plus |= f == '+';
      }
      int width = -1;
      int start = i;
      while (i < format.length() && Character.isDigit(format.charAt(i))) {
        i++;
      }
      if (i > start) {
        width = Integer.parseInt(format.substring(start, i));
      }
      int prec = -1;
      if (i < format.length() && format.charAt(i) == '.') {
        start = ++i;
        while (i < format.length() && Character.isDigit(format.charAt(i))) {
          i++;
        }
        prec = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
      }
      if (i >= format.length()) {
        out.append("%!(NOVERB)");
        break;
      }
      char verb = format.charAt(i++);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (arg >= args.size()) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      String s = verb(verb, args.get(arg++), prec, plus);
      out.append(pad(s, width, left, zero && !left && verb != 's'));
    }
    if (arg < args.size()) {
      out.append("%!(EXTRA ");
      for (int k = arg; k < args.size(); k++) {
        out.append(k > arg ? ", " : "").append(goType(args.get(k))).append('=')
            .append(plain(args.get(k)));
      }
      out.append(')');
    }
    return out.toString();
  }

  private static String verb(char verb, Value v, int prec, boolean plus) {
    switch (verb) {
      case 's', 'v' -> {
        String s = plain(v);
        return verb == 's' && prec >= 0 && prec < s.length() ? s.substring(0, prec) : s;
      }
      case 'd' -> {
        if (v instanceof Value.Num n && Json.isIntegral(n.value())) {
          String s = n.value().toBigIntegerExact().toString();
          // regorus 0.10.0 writes the sign and then the still negative number: -1 is "--1".
          return n.value().signum() < 0 ? "-" + s : plus ? "+" + s : s;
        }
      }
      case 'q', 'T', 'p' ->
        // regorus (the agent's engine) rejects these Go verbs; the sprintf call is undefined.
        throw new BuiltinError("sprintf: format verb %" + verb + " is not supported");
      case 'x', 'X' -> {
        String hex = null;
        if (v instanceof Value.Num n && Json.isIntegral(n.value())) {
          hex = n.value().toBigIntegerExact().toString(16);
        } else if (v instanceof Value.Str s) {
          StringBuilder sb = new StringBuilder();
          for (byte b : s.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            sb.append(String.format("%02x", b & 0xff));
          }
          hex = sb.toString();
        }
        if (hex != null) {
          return verb == 'X' ? hex.toUpperCase(java.util.Locale.ROOT) : hex;
        }
      }
      case 'f', 'e', 'g' -> {
        if (v instanceof Value.Num n) {
          return floating(verb, n.value(), prec);
        }
      }
      case 't' -> {
        if (v instanceof Value.Bool b) {
          return String.valueOf(b.value());
        }
      }
      default -> { }
    }
    return "%!" + verb + "(" + goType(v) + "=" + plain(v) + ")";
  }

  private static String floating(char verb, BigDecimal d, int prec) {
    return switch (verb) {
      case 'f' -> d.setScale(prec < 0 ? 6 : prec, java.math.RoundingMode.HALF_EVEN)
          .toPlainString();
      case 'e' -> String.format(java.util.Locale.ROOT, "%." + (prec < 0 ? 6 : prec) + "e",
          d.doubleValue());
      default -> prec < 0 ? plain(new Value.Num(d))
          : String.format(java.util.Locale.ROOT, "%." + prec + "g", d.doubleValue());
    };
  }

  /** %s, %v and print: strings bare, numbers in plain notation, collections as regorus has them. */
  static String plain(Value v) {
    if (v instanceof Value.Str s) {
      return s.value();
    } else if (v instanceof Value.Num n) {
      return Json.isIntegral(n.value()) ? n.value().toBigIntegerExact().toString()
          : n.value().stripTrailingZeros().toPlainString();
    }
    return printable(v, new StringBuilder()).toString();
  }

  /** A collection as regorus' print, %s and %v render it: {@code [1, "a"]}, {@code {"k": 1}}. */
  private static StringBuilder printable(Value v, StringBuilder out) {
    if (v instanceof Value.Arr a) {
      return printAll(a.items(), "[", "]", out);
    } else if (v instanceof Value.SetV s) {
      return printAll(s.items(), "{", "}", out);
    } else if (v instanceof Value.Obj o) {
      out.append('{');
      String sep = "";
      for (java.util.Map.Entry<Value, Value> e : o.fields().entrySet()) {
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

  private static String goType(Value v) {
    if (v instanceof Value.Num n) {
      return Json.isIntegral(n.value()) ? "*big.Int" : "float64";
    }
    return v instanceof Value.Bool ? "bool" : v.typeName();
  }

  private static String pad(String s, int width, boolean left, boolean zero) {
    if (width <= s.length()) {
      return s;
    }
    String fill = String.valueOf(zero ? '0' : ' ').repeat(width - s.length());
    if (left) {
      return s + fill;
    }
    if (zero && (s.startsWith("-") || s.startsWith("+"))) {
      return s.charAt(0) + fill + s.substring(1);
    }
    return fill + s;
  }

  /** Go strconv.Quote. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    s.codePoints().forEach(cp -> {
      switch (cp) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case 0x07 -> sb.append("\\a");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case 0x0B -> sb.append("\\v");
        default -> {
          if (cp < 0x20 || cp == 0x7F) {
            sb.append(String.format("\\x%02x", cp));
          } else if (!Character.isDefined(cp) || Character.isISOControl(cp)) {
            sb.append(cp <= 0xFFFF ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
          } else {
            sb.appendCodePoint(cp);
          }
        }
      }
    });
    return sb.append('"').toString();
  }
}
