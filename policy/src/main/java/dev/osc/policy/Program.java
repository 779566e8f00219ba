package dev.osc.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The rules of all modules, arranged in a tree of packages below data. */
final class Program {
  /** The package and imports a rule body resolves its names in. */
  record Scope(List<String> pkg, Map<String, Term> imports, Pkg node) {}

  record Def(Rule rule, Scope scope) {}

  /** All definitions of one rule name in one package. */
  static final class RuleSet {
    final String id;
    final Rule.Kind kind;
    final List<Def> defs = new ArrayList<>();
    Def fallback;

    RuleSet(String id, Rule.Kind kind) {
      this.id = id;
      this.kind = kind;
    }
  }

  static final class Pkg {
    final Map<String, Pkg> children = new LinkedHashMap<>();
    final Map<String, RuleSet> rules = new LinkedHashMap<>();
  }

  final Pkg root = new Pkg();

  Program(List<Module> modules) {
    for (Module m : modules) {
      Pkg node = root;
      for (String seg : m.packagePath()) {
        node = node.children.computeIfAbsent(seg, s -> new Pkg());
      }
      Scope scope = new Scope(m.packagePath(), m.imports(), node);
      for (Rule r : m.rules()) {
        add(node, scope, r);
      }
    }
  }

  private static void add(Pkg node, Scope scope, Rule r) {
    boolean function = r.args() != null;
    Rule.Kind kind =
        r.kind() == Rule.Kind.DEFAULT
            ? (function ? Rule.Kind.FUNCTION : Rule.Kind.COMPLETE)
            : r.kind();
    String id = String.join(".", scope.pkg()) + "." + r.name();
    RuleSet rs = node.rules.computeIfAbsent(r.name(), n -> new RuleSet(id, kind));
    if (rs.kind != kind) {
      throw RegoException.at(
          r.pos(),
          "rule " + id + " is defined as both a " + describe(rs.kind) + " and a " + describe(kind));
    }
    if (node.children.containsKey(r.name())) {
      throw RegoException.at(r.pos(), "rule " + id + " conflicts with a package");
    }
    Def def = new Def(r, scope);
    if (r.kind() == Rule.Kind.DEFAULT) {
      if (rs.fallback != null) {
        throw RegoException.at(r.pos(), "multiple default rules " + id + " found");
      }
      rs.fallback = def;
    } else {
      rs.defs.add(def);
    }
  }

  private static String describe(Rule.Kind k) {
    return k.name().toLowerCase(Locale.ROOT).replace('_', ' ')
        + (k == Rule.Kind.FUNCTION ? "" : " rule");
  }

  Pkg pkg(List<String> path) {
    Pkg node = root;
    for (String seg : path) {
      node = node.children.get(seg);
      if (node == null) {
        return null;
      }
    }
    return node;
  }
}
