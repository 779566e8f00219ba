package dev.osc.policy;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;

/**
 * A Rego value. Values are totally ordered as OPA orders them (null < boolean < number < string <
 * array < object < set), which is also the order sets and object keys are kept and serialised in.
 */
sealed interface Value extends Comparable<Value> {
  record Null() implements Value {}

  record Bool(boolean value) implements Value {}

  /** Numbers are exact decimals; 1 and 1.0 are the same number. */
  record Num(BigDecimal value) implements Value {
    @Override
    public boolean equals(Object o) {
      return o instanceof Num n && n.value.compareTo(value) == 0;
    }

    @Override
    public int hashCode() {
      return value.stripTrailingZeros().hashCode();
    }
  }

  record Str(String value) implements Value {}

  record Arr(List<Value> items) implements Value {}

  record SetV(NavigableSet<Value> items) implements Value {}

  record Obj(NavigableMap<Value, Value> fields) implements Value {}

  static Value bool(boolean b) {
    return b ? Values.TRUE : Values.FALSE;
  }

  static Value num(long n) {
    return new Num(BigDecimal.valueOf(n));
  }

  static Value str(String s) {
    return new Str(s);
  }

  default String typeName() {
    return TYPE_NAMES.get(rank());
  }

  List<String> TYPE_NAMES =
      List.of("null", "boolean", "number", "string", "array", "object", "set");

  private int rank() {
    if (this instanceof Null) {
      return 0;
    } else if (this instanceof Bool) {
      return 1;
    } else if (this instanceof Num) {
      return 2;
    } else if (this instanceof Str) {
      return 3;
    } else if (this instanceof Arr) {
      return 4;
    } else if (this instanceof Obj) {
      return 5;
    }
    return 6;
  }

  @Override
  default int compareTo(Value o) {
    int r = Integer.compare(rank(), o.rank());
    if (r != 0 || this instanceof Null) {
      return r;
    } else if (this instanceof Bool b) {
      return Boolean.compare(b.value(), ((Bool) o).value());
    } else if (this instanceof Num n) {
      return n.value().compareTo(((Num) o).value());
    } else if (this instanceof Str s) {
      return s.value().compareTo(((Str) o).value());
    } else if (this instanceof Arr a) {
      return compareSeq(a.items().iterator(), ((Arr) o).items().iterator());
    } else if (this instanceof SetV s) {
      return compareSeq(s.items().iterator(), ((SetV) o).items().iterator());
    }
    return compareObj(((Obj) this).fields(), ((Obj) o).fields());
  }

  private static int compareSeq(Iterator<Value> a, Iterator<Value> b) {
    while (a.hasNext() && b.hasNext()) {
      int c = a.next().compareTo(b.next());
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(a.hasNext(), b.hasNext());
  }

  private static int compareObj(NavigableMap<Value, Value> a, NavigableMap<Value, Value> b) {
    Iterator<Map.Entry<Value, Value>> ia = a.entrySet().iterator();
    Iterator<Map.Entry<Value, Value>> ib = b.entrySet().iterator();
    while (ia.hasNext() && ib.hasNext()) {
      Map.Entry<Value, Value> ea = ia.next();
      Map.Entry<Value, Value> eb = ib.next();
      int c = ea.getKey().compareTo(eb.getKey());
      if (c == 0) {
        c = ea.getValue().compareTo(eb.getValue());
      }
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(ia.hasNext(), ib.hasNext());
  }
}
