package dev.osc.policy;

import java.util.List;

/** Rego terms (the expression tree below a body literal). */
sealed interface Term {
  Pos pos();

  record Scalar(Pos pos, Value value) implements Term {}

  /** A variable; each {@code _} gets a unique name at parse time. */
  record Var(Pos pos, String name) implements Term {
    boolean wildcard() {
      return name.startsWith("_$");
    }
  }

  /** head followed by .name or [term] path elements. */
  record Ref(Pos pos, Term head, List<Term> path) implements Term {}

  /** A call of a builtin or function, by its dotted name. */
  record Call(Pos pos, String name, List<Term> args) implements Term {}

  record ArrayLit(Pos pos, List<Term> items) implements Term {}

  record SetLit(Pos pos, List<Term> items) implements Term {}

  record ObjectLit(Pos pos, List<Term> keys, List<Term> values) implements Term {}

  record ArrayCompr(Pos pos, Term head, List<Expr> body) implements Term {}

  record SetCompr(Pos pos, Term head, List<Expr> body) implements Term {}

  record ObjectCompr(Pos pos, Term key, Term value, List<Expr> body) implements Term {}

  /** Infix operators: arithmetic, comparison, set | & and membership "in". */
  record BinOp(Pos pos, String op, Term left, Term right) implements Term {}
}
