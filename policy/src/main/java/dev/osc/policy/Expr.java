package dev.osc.policy;

import java.util.List;

/** Body literals. */
sealed interface Expr {
  Pos pos();

  /** A term that must be defined and not false. */
  record Test(Pos pos, Term term) implements Expr {}

  /** {@code :=}: declares the variables on the left. */
  record Assign(Pos pos, Term left, Term right) implements Expr {}

  /** {@code =}: unification. */
  record Unify(Pos pos, Term left, Term right) implements Expr {}

  record Not(Pos pos, Expr expr) implements Expr {}

  record SomeDecl(Pos pos, List<String> vars) implements Expr {}

  /** {@code some [key,] value in collection}; key may be null. */
  record SomeIn(Pos pos, Term key, Term value, Term collection) implements Expr {}

  record Every(Pos pos, Term key, Term value, Term collection, List<Expr> body) implements Expr {}
}
