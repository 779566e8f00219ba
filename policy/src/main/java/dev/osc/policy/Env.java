package dev.osc.policy;

import java.util.HashMap;
import java.util.Map;

/** Variable bindings of one rule body; bindings are undone when backtracking. */
final class Env {
  /** Marks a variable declared with some/:= scope but not bound yet. */
  static final Value DECLARED = new Value.Null();

  final Program.Scope scope;
  private final Map<String, Value> vars = new HashMap<>();

  Env(Program.Scope scope) {
    this.scope = scope;
  }

  Value get(String name) {
    return vars.get(name);
  }

  Value put(String name, Value v) {
    return vars.put(name, v);
  }

  void restore(String name, Value old) {
    if (old == null) {
      vars.remove(name);
    } else {
      vars.put(name, old);
    }
  }
}
