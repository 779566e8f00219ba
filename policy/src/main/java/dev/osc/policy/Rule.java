package dev.osc.policy;

import java.util.List;

/**
 * One rule definition. {@code body} null means unconditional; {@code elseRule} continues an else
 * chain (same kind and args). Functions have {@code args}; partial rules have {@code key}.
 */
record Rule(
    Pos pos,
    Kind kind,
    String name,
    List<Term> args,
    Term key,
    Term value,
    List<Expr> body,
    Rule elseRule) {
  enum Kind {
    DEFAULT,
    COMPLETE,
    PARTIAL_SET,
    PARTIAL_OBJECT,
    FUNCTION
  }

  Rule withElse(Rule e) {
    return new Rule(pos, kind, name, args, key, value, body, e);
  }
}
