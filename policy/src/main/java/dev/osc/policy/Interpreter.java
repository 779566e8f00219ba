package dev.osc.policy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Evaluates one query by backtracking in continuation-passing style: every term hands each of its
 * values to a continuation, and variables bound on the way are unbound when it returns. Rule values
 * are cached for the query (input and data do not change within it).
 *
 * <p>Builtin errors are not strict, as the Kata agent configures regorus: a failing builtin makes
 * its expression undefined. Unsafe variables, conflicting rule outputs, recursion and the step and
 * depth limits raise {@link RegoException}.
 */
final class Interpreter {
  private static final Program.Scope QUERY_SCOPE = new Program.Scope(List.of(), Map.of(), null);

  private final Program program;
  private final Value input;
  private final Value data;
  private final long maxSteps;
  private final int maxDepth;
  private final List<String> prints = new ArrayList<>();
  private final Map<String, Optional<Value>> cache = new HashMap<>();
  private final Set<String> active = new HashSet<>();
  private long steps;
  private int depth;

  /** Thrown to stop an enumeration once one solution is known to exist. */
  private static final class Halt extends RuntimeException {
    Halt() {
      super(null, null, false, false);
    }
  }

  Interpreter(Program program, Value input, Value data, long maxSteps, int maxDepth) {
    this.program = program;
    this.input = input;
    this.data = data;
    this.maxSteps = maxSteps;
    this.maxDepth = maxDepth;
  }

  List<String> prints() {
    return prints;
  }

  /** All distinct values of a query term. */
  NavigableSet<Value> query(Term t) {
    TreeSet<Value> out = new TreeSet<>();
    evalTerm(t, new Env(QUERY_SCOPE), out::add);
    return out;
  }

  // ---- bodies and expressions ----

  private void evalBody(List<Expr> body, int i, Env env, Runnable k) {
    if (body == null || i == body.size()) {
      k.run();
    } else {
      evalExpr(body.get(i), env, () -> evalBody(body, i + 1, env, k));
    }
  }

  private void evalExpr(Expr e, Env env, Runnable k) {
    tick();
    if (e instanceof Expr.Test t) {
      evalTerm(
          t.term(),
          env,
          v -> {
            if (!isFalse(v)) {
              k.run();
            }
          });
    } else if (e instanceof Expr.Assign a) {
      evalTerm(a.right(), env, v -> bindPattern(a.left(), v, env, true, k));
    } else if (e instanceof Expr.Unify u) {
      unify(u.left(), u.right(), env, k);
    } else if (e instanceof Expr.Not n) {
      if (!exists(kk -> evalExpr(n.expr(), env, kk))) {
        k.run();
      }
    } else if (e instanceof Expr.SomeDecl d) {
      declare(d.vars(), 0, env, k);
    } else if (e instanceof Expr.SomeIn s) {
      evalTerm(
          s.collection(),
          env,
          coll ->
              iterate(
                  coll,
                  (key, val) ->
                      bindPattern(
                          s.value(),
                          val,
                          env,
                          true,
                          () -> {
                            if (s.key() == null) {
                              k.run();
                            } else {
                              bindPattern(s.key(), key, env, true, k);
                            }
                          })));
    } else if (e instanceof Expr.Every ev) {
      evalTerm(
          ev.collection(),
          env,
          coll -> {
            if (every(ev, coll, env)) {
              k.run();
            }
          });
    }
  }

  private boolean every(Expr.Every ev, Value coll, Env env) {
    boolean[] all = {true};
    Halt stop = new Halt();
    try {
      iterate(
          coll,
          (key, val) -> {
            boolean ok =
                exists(
                    kk ->
                        bindPattern(
                            ev.value(),
                            val,
                            env,
                            true,
                            () -> {
                              if (ev.key() == null) {
                                evalBody(ev.body(), 0, env, kk);
                              } else {
                                bindPattern(
                                    ev.key(),
                                    key,
                                    env,
                                    true,
                                    () -> evalBody(ev.body(), 0, env, kk));
                              }
                            }));
            if (!ok) {
              all[0] = false;
              throw stop;
            }
          });
    } catch (Halt h) {
      if (h != stop) {
        throw h;
      }
    }
    return all[0];
  }

  private void declare(List<String> names, int i, Env env, Runnable k) {
    if (i == names.size()) {
      k.run();
      return;
    }
    String n = names.get(i);
    Value old = env.put(n, Env.DECLARED);
    try {
      declare(names, i + 1, env, k);
    } finally {
      env.restore(n, old);
    }
  }

  /** True if the enumeration calls its continuation at least once; stops at the first call. */
  private boolean exists(Consumer<Runnable> enumeration) {
    Halt found = new Halt();
    try {
      enumeration.accept(
          () -> {
            throw found;
          });
      return false;
    } catch (Halt h) {
      if (h != found) {
        throw h;
      }
      return true;
    }
  }

  // ---- unification ----

  private void unify(Term l, Term r, Env env, Runnable k) {
    if (l instanceof Term.ArrayLit la && r instanceof Term.ArrayLit ra) {
      if (la.items().size() == ra.items().size()) {
        unifyAll(la.items(), ra.items(), 0, env, k);
      }
      return;
    }
    if (hasUnbound(l, env)) {
      evalTerm(r, env, v -> bindPattern(l, v, env, false, k));
    } else if (hasUnbound(r, env)) {
      evalTerm(l, env, v -> bindPattern(r, v, env, false, k));
    } else {
      evalTerm(
          l,
          env,
          lv ->
              evalTerm(
                  r,
                  env,
                  rv -> {
                    if (lv.compareTo(rv) == 0) {
                      k.run();
                    }
                  }));
    }
  }

  private void unifyAll(List<Term> ls, List<Term> rs, int i, Env env, Runnable k) {
    if (i == ls.size()) {
      k.run();
    } else {
      unify(ls.get(i), rs.get(i), env, () -> unifyAll(ls, rs, i + 1, env, k));
    }
  }

  private boolean hasUnbound(Term t, Env env) {
    if (t instanceof Term.Var v) {
      return isUnbound(v, env);
    } else if (t instanceof Term.ArrayLit a) {
      return a.items().stream().anyMatch(i -> hasUnbound(i, env));
    } else if (t instanceof Term.ObjectLit o) {
      return o.values().stream().anyMatch(i -> hasUnbound(i, env));
    }
    return false;
  }

  private boolean isUnbound(Term.Var v, Env env) {
    if (v.wildcard()) {
      return true;
    }
    Value b = env.get(v.name());
    if (b != null) {
      return b == Env.DECLARED;
    }
    return !env.scope.imports().containsKey(v.name())
        && !v.name().equals("input")
        && !v.name().equals("data")
        && localRule(env, v.name()) == null;
  }

  /** Matches a value against a pattern, binding its unbound variables (all of them if declare). */
  private void bindPattern(Term pattern, Value v, Env env, boolean declare, Runnable k) {
    if (pattern instanceof Term.Var var && var.wildcard()) {
      k.run();
    } else if (pattern instanceof Term.Var var && (declare || isUnbound(var, env))) {
      Value old = env.put(var.name(), v);
      try {
        k.run();
      } finally {
        env.restore(var.name(), old);
      }
    } else if (pattern instanceof Term.ArrayLit a) {
      if (v instanceof Value.Arr arr && arr.items().size() == a.items().size()) {
        bindItems(a.items(), arr.items(), 0, env, declare, k);
      }
    } else if (pattern instanceof Term.ObjectLit o) {
      if (v instanceof Value.Obj obj && obj.fields().size() == o.keys().size()) {
        List<Value> values = new ArrayList<>();
        for (Term keyTerm : o.keys()) {
          Value key = single(keyTerm, env);
          Value val = key == null ? null : obj.fields().get(key);
          if (val == null) {
            return;
          }
          values.add(val);
        }
        bindItems(o.values(), values, 0, env, declare, k);
      }
    } else {
      evalTerm(
          pattern,
          env,
          pv -> {
            if (pv.compareTo(v) == 0) {
              k.run();
            }
          });
    }
  }

  private void bindItems(
      List<Term> ps, List<Value> vs, int i, Env env, boolean declare, Runnable k) {
    if (i == ps.size()) {
      k.run();
    } else {
      bindPattern(
          ps.get(i), vs.get(i), env, declare, () -> bindItems(ps, vs, i + 1, env, declare, k));
    }
  }

  private Value single(Term t, Env env) {
    Value[] out = new Value[1];
    evalTerm(t, env, v -> out[0] = v);
    return out[0];
  }

  // ---- terms ----

  private void evalTerm(Term t, Env env, Consumer<Value> k) {
    if (t instanceof Term.Scalar s) {
      k.accept(s.value());
    } else if (t instanceof Term.Var v) {
      evalVar(v, env, k);
    } else if (t instanceof Term.Ref r) {
      evalRef(r, env, k);
    } else if (t instanceof Term.Call c) {
      evalCall(c, env, k);
    } else if (t instanceof Term.ArrayLit a) {
      evalAll(
          a.items(),
          0,
          new Value[a.items().size()],
          env,
          vs -> k.accept(new Value.Arr(List.of(vs))));
    } else if (t instanceof Term.SetLit s) {
      evalAll(
          s.items(), 0, new Value[s.items().size()], env, vs -> k.accept(Json.setOf(List.of(vs))));
    } else if (t instanceof Term.ObjectLit o) {
      List<Term> all = new ArrayList<>(o.keys());
      all.addAll(o.values());
      int n = o.keys().size();
      evalAll(
          all,
          0,
          new Value[all.size()],
          env,
          vs -> {
            TreeMap<Value, Value> m = new TreeMap<>();
            for (int i = 0; i < n; i++) {
              m.put(vs[i], vs[n + i]);
            }
            k.accept(new Value.Obj(m));
          });
    } else if (t instanceof Term.ArrayCompr c) {
      List<Value> out = new ArrayList<>();
      nested(c.pos(), () -> evalBody(c.body(), 0, env, () -> evalTerm(c.head(), env, out::add)));
      k.accept(new Value.Arr(List.copyOf(out)));
    } else if (t instanceof Term.SetCompr c) {
      TreeSet<Value> out = new TreeSet<>();
      nested(c.pos(), () -> evalBody(c.body(), 0, env, () -> evalTerm(c.head(), env, out::add)));
      k.accept(new Value.SetV(out));
    } else if (t instanceof Term.ObjectCompr c) {
      TreeMap<Value, Value> out = new TreeMap<>();
      nested(
          c.pos(),
          () ->
              evalBody(
                  c.body(),
                  0,
                  env,
                  () ->
                      evalTerm(
                          c.key(),
                          env,
                          key ->
                              evalTerm(c.value(), env, val -> putUnique(out, key, val, c.pos())))));
      k.accept(new Value.Obj(out));
    } else if (t instanceof Term.BinOp b) {
      evalTerm(
          b.left(),
          env,
          l ->
              evalTerm(
                  b.right(),
                  env,
                  r -> {
                    Value res = Operators.apply(b.op(), l, r);
                    if (res != null) {
                      k.accept(res);
                    }
                  }));
    }
  }

  private void evalAll(List<Term> ts, int i, Value[] acc, Env env, Consumer<Value[]> k) {
    if (i == ts.size()) {
      k.accept(acc.clone());
      return;
    }
    evalTerm(
        ts.get(i),
        env,
        v -> {
          acc[i] = v;
          evalAll(ts, i + 1, acc, env, k);
        });
  }

  private static void putUnique(Map<Value, Value> m, Value key, Value val, Pos pos) {
    Value old = m.put(key, val);
    if (old != null && old.compareTo(val) != 0) {
      throw RegoException.at(
          pos, "object keys must be unique (conflict on " + Json.write(key) + ")");
    }
  }

  private void evalVar(Term.Var v, Env env, Consumer<Value> k) {
    Value b = env.get(v.name());
    if (b != null && b != Env.DECLARED) {
      k.accept(b);
      return;
    }
    if (b == null) {
      Term alias = env.scope.imports().get(v.name());
      if (alias != null) {
        evalTerm(alias, env, k);
        return;
      }
      switch (v.name()) {
        case "input" -> {
          if (input != null) {
            k.accept(input);
          }
          return;
        }
        case "data" -> {
          k.accept(materialize(program.root, data));
          return;
        }
        default -> {
          Program.RuleSet rs = localRule(env, v.name());
          if (rs != null && rs.kind != Rule.Kind.FUNCTION) {
            ruleValue(rs).ifPresent(k);
            return;
          }
        }
      }
    }
    throw RegoException.at(v.pos(), "var " + (v.wildcard() ? "_" : v.name()) + " is unsafe");
  }

  private Program.RuleSet localRule(Env env, String name) {
    return env.scope.node() == null ? null : env.scope.node().rules.get(name);
  }

  private void evalRef(Term.Ref r, Env env, Consumer<Value> k) {
    if (r.head() instanceof Term.Var v && env.get(v.name()) == null) {
      Term alias = env.scope.imports().get(v.name());
      if (alias != null) {
        List<Term> path = new ArrayList<>();
        Term head = alias;
        if (alias instanceof Term.Ref ar) {
          head = ar.head();
          path.addAll(ar.path());
        }
        path.addAll(r.path());
        evalRef(new Term.Ref(r.pos(), head, path), env, k);
        return;
      }
      if (v.name().equals("data")) {
        evalData(program.root, data, r.path(), 0, env, k);
        return;
      }
      Program.RuleSet rs = localRule(env, v.name());
      if (rs != null && !v.name().equals("input")) {
        List<Term> path = new ArrayList<>();
        path.add(new Term.Scalar(v.pos(), Value.str(v.name())));
        path.addAll(r.path());
        evalData(env.scope.node(), Values.NULL, path, 0, env, k);
        return;
      }
    }
    evalTerm(r.head(), env, h -> walk(h, r.path(), 0, env, k));
  }

  private void walk(Value cur, List<Term> path, int i, Env env, Consumer<Value> k) {
    if (i == path.size()) {
      k.accept(cur);
      return;
    }
    tick();
    Term key = path.get(i);
    if (hasUnbound(key, env)) {
      iterate(
          cur, (kv, vv) -> bindPattern(key, kv, env, false, () -> walk(vv, path, i + 1, env, k)));
    } else {
      evalTerm(
          key,
          env,
          kv -> {
            Value next = lookup(cur, kv);
            if (next != null) {
              walk(next, path, i + 1, env, k);
            }
          });
    }
  }

  /** Walks data: package nodes and rules first, then the base document. */
  private void evalData(
      Program.Pkg node, Value base, List<Term> path, int i, Env env, Consumer<Value> k) {
    if (i == path.size()) {
      k.accept(materialize(node, base));
      return;
    }
    Term key = path.get(i);
    if (hasUnbound(key, env)) {
      walk(materialize(node, base), path, i, env, k);
      return;
    }
    evalTerm(
        key,
        env,
        kv -> {
          if (kv instanceof Value.Str s) {
            Program.RuleSet rs = node.rules.get(s.value());
            if (rs != null && rs.kind != Rule.Kind.FUNCTION) {
              ruleValue(rs).ifPresent(v -> walk(v, path, i + 1, env, k));
              return;
            }
            Program.Pkg child = node.children.get(s.value());
            if (child != null) {
              Value childBase = lookup(base, kv);
              evalData(child, childBase == null ? Values.NULL : childBase, path, i + 1, env, k);
              return;
            }
          }
          Value next = lookup(base, kv);
          if (next != null) {
            walk(next, path, i + 1, env, k);
          }
        });
  }

  private Value materialize(Program.Pkg node, Value base) {
    TreeMap<Value, Value> m = new TreeMap<>();
    if (base instanceof Value.Obj o) {
      m.putAll(o.fields());
    }
    node.children.forEach(
        (name, child) -> {
          Value childBase = lookup(base, Value.str(name));
          m.put(Value.str(name), materialize(child, childBase == null ? Values.NULL : childBase));
        });
    node.rules.forEach(
        (name, rs) -> {
          if (rs.kind != Rule.Kind.FUNCTION) {
            ruleValue(rs).ifPresent(v -> m.put(Value.str(name), v));
          }
        });
    return new Value.Obj(m);
  }

  private void iterate(Value coll, BiConsumer<Value, Value> f) {
    if (coll instanceof Value.Arr a) {
      for (int i = 0; i < a.items().size(); i++) {
        tick();
        f.accept(Value.num(i), a.items().get(i));
      }
    } else if (coll instanceof Value.Obj o) {
      for (Map.Entry<Value, Value> e : o.fields().entrySet()) {
        tick();
        f.accept(e.getKey(), e.getValue());
      }
    } else if (coll instanceof Value.SetV s) {
      for (Value v : s.items()) {
        tick();
        f.accept(v, v);
      }
    }
  }

  static Value lookup(Value cur, Value key) {
    if (cur instanceof Value.Arr a) {
      if (key instanceof Value.Num n && Json.isIntegral(n.value())) {
        BigDecimal idx = n.value();
        if (idx.signum() >= 0 && idx.compareTo(BigDecimal.valueOf(a.items().size())) < 0) {
          return a.items().get(idx.intValue());
        }
      }
      return null;
    } else if (cur instanceof Value.Obj o) {
      return o.fields().get(key);
    } else if (cur instanceof Value.SetV s) {
      return s.items().contains(key) ? key : null;
    }
    return null;
  }

  // ---- rules and functions ----

  private Optional<Value> ruleValue(Program.RuleSet rs) {
    Optional<Value> cached = cache.get(rs.id);
    if (cached != null) {
      return cached;
    }
    Pos pos = rs.defs.isEmpty() ? rs.fallback.rule().pos() : rs.defs.get(0).rule().pos();
    Optional<Value> v = guarded(rs, pos, () -> computeRule(rs));
    cache.put(rs.id, v);
    return v;
  }

  private <T> T guarded(Program.RuleSet rs, Pos pos, java.util.function.Supplier<T> body) {
    if (!active.add(rs.id)) {
      throw RegoException.at(pos, "recursion detected: " + rs.id + " depends on itself");
    }
    enter(pos);
    try {
      return body.get();
    } finally {
      depth--;
      active.remove(rs.id);
    }
  }

  private Optional<Value> computeRule(Program.RuleSet rs) {
    switch (rs.kind) {
      case PARTIAL_SET -> {
        TreeSet<Value> out = new TreeSet<>();
        for (Program.Def d : rs.defs) {
          Env env = new Env(d.scope());
          evalBody(d.rule().body(), 0, env, () -> evalTerm(d.rule().key(), env, out::add));
        }
        return Optional.of(new Value.SetV(out));
      }
      case PARTIAL_OBJECT -> {
        TreeMap<Value, Value> out = new TreeMap<>();
        for (Program.Def d : rs.defs) {
          Env env = new Env(d.scope());
          Rule r = d.rule();
          evalBody(
              r.body(),
              0,
              env,
              () ->
                  evalTerm(
                      r.key(),
                      env,
                      key -> evalTerm(r.value(), env, val -> putUnique(out, key, val, r.pos()))));
        }
        return Optional.of(new Value.Obj(out));
      }
      default -> {
        TreeSet<Value> out = new TreeSet<>();
        for (Program.Def d : rs.defs) {
          evalChain(d, List.of(), out);
          if (out.size() > 1) {
            throw RegoException.at(
                d.rule().pos(),
                "complete rules must not produce multiple " + "outputs (" + rs.id + ")");
          }
        }
        return out.isEmpty() ? fallback(rs) : Optional.of(out.first());
      }
    }
  }

  private Optional<Value> fallback(Program.RuleSet rs) {
    if (rs.fallback == null) {
      return Optional.empty();
    }
    Value v = single(rs.fallback.rule().value(), new Env(rs.fallback.scope()));
    return Optional.ofNullable(v);
  }

  /** Evaluates one definition and its else chain: the first branch that succeeds counts. */
  private void evalChain(Program.Def d, List<Value> args, Set<Value> out) {
    for (Rule r = d.rule(); r != null; r = r.elseRule()) {
      Env env = new Env(d.scope());
      boolean[] found = {false};
      Rule rule = r;
      Runnable body =
          () ->
              evalBody(
                  rule.body(),
                  0,
                  env,
                  () ->
                      evalTerm(
                          rule.value(),
                          env,
                          v -> {
                            out.add(v);
                            found[0] = true;
                          }));
      if (rule.args() == null) {
        body.run();
      } else {
        bindItems(rule.args(), args, 0, env, false, body);
      }
      if (found[0]) {
        return;
      }
    }
  }

  private void evalCall(Term.Call c, Env env, Consumer<Value> k) {
    if (c.name().equals("print")) {
      print(c, env);
      k.accept(Values.TRUE);
      return;
    }
    Program.RuleSet fn = function(c.name(), env);
    if (fn != null) {
      evalAll(
          c.args(),
          0,
          new Value[c.args().size()],
          env,
          vs -> callFunction(fn, List.of(vs), c.pos()).ifPresent(k));
      return;
    }
    Builtins.Builtin b = Builtins.get(c.name());
    if (b == null) {
      throw RegoException.at(c.pos(), "unknown function " + c.name());
    }
    if (b.arity() != c.args().size()) {
      throw RegoException.at(
          c.pos(), c.name() + ": expects " + b.arity() + " arguments, got " + c.args().size());
    }
    evalAll(
        c.args(),
        0,
        new Value[c.args().size()],
        env,
        vs -> {
          tick();
          Value res;
          try {
            res = b.fn().apply(List.of(vs));
          } catch (BuiltinError e) {
            return;
          }
          if (res != null) {
            k.accept(res);
          }
        });
  }

  private Program.RuleSet function(String name, Env env) {
    List<String> parts = List.of(name.split("\\."));
    Program.Pkg node;
    if (parts.size() == 1) {
      node = env.scope.node();
    } else {
      List<String> pkg = new ArrayList<>(parts.subList(0, parts.size() - 1));
      Term alias = env.scope.imports().get(pkg.get(0));
      if (alias instanceof Term.Ref ar
          && ar.head() instanceof Term.Var hv
          && hv.name().equals("data")) {
        pkg.remove(0);
        List<String> prefix = new ArrayList<>();
        ar.path().forEach(t -> prefix.add(((Value.Str) ((Term.Scalar) t).value()).value()));
        pkg.addAll(0, prefix);
      } else if (pkg.get(0).equals("data")) {
        pkg.remove(0);
      } else {
        return null;
      }
      node = program.pkg(pkg);
    }
    Program.RuleSet rs = node == null ? null : node.rules.get(parts.get(parts.size() - 1));
    return rs != null && rs.kind == Rule.Kind.FUNCTION ? rs : null;
  }

  private Optional<Value> callFunction(Program.RuleSet fn, List<Value> args, Pos pos) {
    return guarded(
        fn,
        pos,
        () -> {
          TreeSet<Value> out = new TreeSet<>();
          for (Program.Def d : fn.defs) {
            if (d.rule().args().size() != args.size()) {
              throw RegoException.at(
                  pos,
                  fn.id + ": expects " + d.rule().args().size() + " arguments, got " + args.size());
            }
            evalChain(d, args, out);
            if (out.size() > 1) {
              throw RegoException.at(
                  pos,
                  "functions must not produce multiple outputs for same "
                      + "inputs ("
                      + fn.id
                      + ")");
            }
          }
          return out.isEmpty() ? fallback(fn) : Optional.of(out.first());
        });
  }

  private void print(Term.Call c, Env env) {
    List<String> parts = new ArrayList<>();
    for (Term arg : c.args()) {
      Value v = single(arg, env);
      parts.add(
          v == null ? "<undefined>" : v instanceof Value.Str s ? s.value() : GoFormat.plain(v));
    }
    prints.add(String.join(" ", parts));
  }

  // ---- limits ----

  private void nested(Pos pos, Runnable r) {
    enter(pos);
    try {
      r.run();
    } finally {
      depth--;
    }
  }

  private void enter(Pos pos) {
    if (++depth > maxDepth) {
      throw RegoException.at(pos, "evaluation exceeded the depth limit of " + maxDepth);
    }
  }

  private void tick() {
    if (++steps > maxSteps) {
      throw new RegoException("evaluation exceeded the limit of " + maxSteps + " steps");
    }
  }

  private static boolean isFalse(Value v) {
    return v instanceof Value.Bool b && !b.value();
  }

  static BigDecimal divide(BigDecimal a, BigDecimal b) {
    try {
      return a.divide(b);
    } catch (ArithmeticException inexact) {
      return a.divide(b, MathContext.DECIMAL128);
    }
  }
}
