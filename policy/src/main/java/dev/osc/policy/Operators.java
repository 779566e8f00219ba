package dev.osc.policy;

import java.math.BigDecimal;
import java.util.TreeSet;

/** Infix operators; null means undefined (a type error or division by zero). */
final class Operators {
  private Operators() {}

  static Value apply(String op, Value l, Value r) {
    return switch (op) {
      case "==" -> Value.bool(l.compareTo(r) == 0);
      case "!=" -> Value.bool(l.compareTo(r) != 0);
      case "<" -> Value.bool(l.compareTo(r) < 0);
      case ">" -> Value.bool(l.compareTo(r) > 0);
      case "<=" -> Value.bool(l.compareTo(r) <= 0);
      case ">=" -> Value.bool(l.compareTo(r) >= 0);
      case "in" -> Value.bool(member(l, r));
      case "|" -> sets(l, r, 0);
      case "&" -> sets(l, r, 1);
      case "-" -> l instanceof Value.SetV ? sets(l, r, 2) : arith(op, l, r);
      default -> arith(op, l, r);
    };
  }

  static boolean member(Value x, Value coll) {
    if (coll instanceof Value.Arr a) {
      return a.items().stream().anyMatch(i -> i.compareTo(x) == 0);
    } else if (coll instanceof Value.SetV s) {
      return s.items().contains(x);
    } else if (coll instanceof Value.Obj o) {
      return o.fields().values().stream().anyMatch(i -> i.compareTo(x) == 0);
    }
    return false;
  }

  private static Value sets(Value l, Value r, int kind) {
    if (!(l instanceof Value.SetV a) || !(r instanceof Value.SetV b)) {
      return null;
    }
    TreeSet<Value> out = new TreeSet<>(a.items());
    switch (kind) {
      case 0 -> out.addAll(b.items());
      case 1 -> out.retainAll(b.items());
      default -> out.removeAll(b.items());
    }
    return new Value.SetV(out);
  }

  private static Value arith(String op, Value l, Value r) {
    if (!(l instanceof Value.Num a) || !(r instanceof Value.Num b)) {
      return null;
    }
    BigDecimal x = a.value();
    BigDecimal y = b.value();
    return switch (op) {
      case "+" -> new Value.Num(x.add(y));
      case "-" -> new Value.Num(x.subtract(y));
      case "*" -> new Value.Num(x.multiply(y));
      case "/" -> y.signum() == 0 ? null : new Value.Num(Interpreter.divide(x, y));
      case "%" ->
          y.signum() == 0 || !Json.isIntegral(x) || !Json.isIntegral(y)
              ? null
              : new Value.Num(
                  new BigDecimal(x.toBigIntegerExact().remainder(y.toBigIntegerExact())));
      default -> throw new IllegalArgumentException("operator " + op);
    };
  }
}
