package dev.osc.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent parser for the Rego v1 subset Kata policies use (v0 bodies without "if" are
 * accepted too). A line break ends an expression unless it falls inside brackets or parentheses,
 * which {@code nest} tracks; a comprehension body resets it because its literals are
 * newline-separated again.
 */
final class Parser {
  private static final Set<String> KEYWORDS =
      Set.of(
          "package",
          "import",
          "default",
          "if",
          "else",
          "not",
          "some",
          "every",
          "in",
          "with",
          "as",
          "contains");
  private static final Set<String> RELATIONS = Set.of("==", "!=", "<", ">", "<=", ">=");
  private static final Value TRUE = Values.TRUE;

  private final List<Token> toks;
  private final String file;
  private int p;
  private int nest;
  private int noPipeAt = -1;
  private int wildcards;

  Parser(List<Token> toks, String file) {
    this.toks = toks;
    this.file = file;
  }

  Module module() {
    expect("package");
    List<String> pkg = new ArrayList<>();
    pkg.add(ident());
    while (at(".")) {
      p++;
      pkg.add(ident());
    }
    Map<String, Term> imports = new LinkedHashMap<>();
    while (at("import")) {
      importDecl(imports);
    }
    List<Rule> rules = new ArrayList<>();
    while (peek().kind() != Token.Kind.EOF) {
      rules.add(rule());
      if (peek().kind() != Token.Kind.EOF && !peek().newline()) {
        throw unexpected("a new line");
      }
    }
    return new Module(file, pkg, imports, rules);
  }

  private void importDecl(Map<String, Term> imports) {
    Pos pos = next().pos();
    Token head = peek();
    String root = ident();
    List<Term> path = new ArrayList<>();
    while (at(".")) {
      p++;
      Token t = peek();
      path.add(new Term.Scalar(t.pos(), Value.str(anyIdent())));
    }
    String alias = null;
    if (at("as")) {
      p++;
      alias = ident();
    }
    switch (root) {
      case "future", "rego" -> {}
      case "input", "data" -> {
        if (path.isEmpty() && alias == null) {
          return;
        }
        if (alias == null) {
          alias = ((Value.Str) ((Term.Scalar) path.get(path.size() - 1)).value()).value();
        }
        Term ref = new Term.Ref(pos, new Term.Var(head.pos(), root), List.copyOf(path));
        imports.put(alias, path.isEmpty() ? new Term.Var(head.pos(), root) : ref);
      }
      default ->
          throw RegoException.at(head.pos(), "import must begin with input, data, future or rego");
    }
  }

  private Rule rule() {
    Token start = peek();
    if (at("default")) {
      p++;
      String name = ident();
      List<Term> args = null;
      if (at("(")) {
        args = callArgs();
      }
      if (!at(":=") && !at("=")) {
        throw unexpected("':=' after default rule name");
      }
      p++;
      Term value = termIn();
      return new Rule(start.pos(), Rule.Kind.DEFAULT, name, args, null, value, null, null);
    }
    String name = ident();
    Rule.Kind kind = Rule.Kind.COMPLETE;
    List<Term> args = null;
    Term key = null;
    if (at("(") && !peek().newline()) {
      kind = Rule.Kind.FUNCTION;
      args = callArgs();
    } else if (at("[") && !peek().newline()) {
      p++;
      nest++;
      key = termIn();
      expect("]");
      nest--;
      kind = Rule.Kind.PARTIAL_SET;
    } else if (at("contains")) {
      p++;
      key = termIn();
      kind = Rule.Kind.PARTIAL_SET;
    } else if (at(".")) {
      throw RegoException.at(peek().pos(), "rule heads with references are not supported");
    }
    Term value = new Term.Scalar(start.pos(), TRUE);
    if ((at(":=") || at("=")) && !peek().newline()) {
      if (kind == Rule.Kind.PARTIAL_SET) {
        kind = Rule.Kind.PARTIAL_OBJECT;
      }
      p++;
      value = termIn();
    }
    List<Expr> body = ruleBody();
    Rule rule = new Rule(start.pos(), kind, name, args, key, value, body, null);
    List<Rule> elses = new ArrayList<>();
    while (at("else")) {
      Token e = next();
      if (kind != Rule.Kind.COMPLETE && kind != Rule.Kind.FUNCTION) {
        throw RegoException.at(e.pos(), "else is only allowed on complete rules and functions");
      }
      Term v = new Term.Scalar(e.pos(), TRUE);
      if (at(":=") || at("=")) {
        p++;
        v = termIn();
      }
      elses.add(new Rule(e.pos(), kind, name, args, null, v, ruleBody(), null));
    }
    Rule chain = null;
    for (int i = elses.size() - 1; i >= 0; i--) {
      chain = elses.get(i).withElse(chain);
    }
    return chain == null ? rule : rule.withElse(chain);
  }

  private List<Expr> ruleBody() {
    if (at("if")) {
      p++;
      return at("{") ? bodyOrLiteral() : List.of(literal());
    }
    return at("{") ? braceBody() : null;
  }

  /**
   * After 'if', a '{' opens a body unless that fails to parse: then (like regorus) it is a single
   * literal starting with a set or object, as in {@code p if {x | some x in a} == s}.
   */
  private List<Expr> bodyOrLiteral() {
    int savedP = p;
    int savedNest = nest;
    int savedPipe = noPipeAt;
    try {
      return braceBody();
    } catch (RegoException bodyError) {
      p = savedP;
      nest = savedNest;
      noPipeAt = savedPipe;
      try {
        return List.of(literal());
      } catch (RegoException literalError) {
        throw bodyError;
      }
    }
  }

  private List<Term> callArgs() {
    expect("(");
    int saved = nest;
    nest = 1;
    List<Term> args = new ArrayList<>();
    while (!at(")")) {
      args.add(termIn());
      if (!at(")")) {
        expect(",");
      }
    }
    p++;
    nest = saved;
    return List.copyOf(args);
  }

  private List<Expr> braceBody() {
    expect("{");
    List<Expr> body = literals("}");
    expect("}");
    return body;
  }

  /** Literals separated by ';' or line breaks, up to (not including) the closing token. */
  private List<Expr> literals(String closing) {
    int savedNest = nest;
    int savedPipe = noPipeAt;
    nest = 0;
    noPipeAt = -1;
    List<Expr> out = new ArrayList<>();
    while (!at(closing)) {
      if (peek().kind() == Token.Kind.EOF) {
        throw unexpected("'" + closing + "'");
      }
      out.add(literal());
      if (at(";")) {
        p++;
      } else if (!at(closing) && !peek().newline()) {
        throw unexpected("';', a new line or '" + closing + "'");
      }
    }
    nest = savedNest;
    noPipeAt = savedPipe;
    return List.copyOf(out);
  }

  private Expr literal() {
    Token t = peek();
    if (at("not")) {
      p++;
      return new Expr.Not(t.pos(), literal());
    }
    if (at("some")) {
      p++;
      return some(t.pos());
    }
    if (at("every")) {
      p++;
      List<Term> vars = varList();
      expect("in");
      Term coll = relation();
      if (vars.size() > 2) {
        throw RegoException.at(t.pos(), "every takes one or two variables");
      }
      Term key = vars.size() == 2 ? vars.get(0) : null;
      return new Expr.Every(t.pos(), key, vars.get(vars.size() - 1), coll, braceBody());
    }
    Term left = termIn();
    if (at(":=") && continues()) {
      p++;
      return new Expr.Assign(t.pos(), left, termIn());
    }
    if (at("=") && continues()) {
      p++;
      return new Expr.Unify(t.pos(), left, termIn());
    }
    if (at("with")) {
      throw RegoException.at(peek().pos(), "'with' is not supported");
    }
    return new Expr.Test(t.pos(), left);
  }

  private Expr some(Pos pos) {
    List<Term> terms = varList();
    if (at("in")) {
      p++;
      Term coll = relation();
      if (terms.size() > 2) {
        throw RegoException.at(pos, "some ... in takes one or two terms");
      }
      Term key = terms.size() == 2 ? terms.get(0) : null;
      return new Expr.SomeIn(pos, key, terms.get(terms.size() - 1), coll);
    }
    List<String> names = new ArrayList<>();
    for (Term t : terms) {
      if (!(t instanceof Term.Var v)) {
        throw RegoException.at(t.pos(), "some declares variables only");
      }
      names.add(v.name());
    }
    return new Expr.SomeDecl(pos, List.copyOf(names));
  }

  private List<Term> varList() {
    List<Term> terms = new ArrayList<>();
    terms.add(relation());
    while (at(",")) {
      p++;
      terms.add(relation());
    }
    return terms;
  }

  private boolean continues() {
    return nest > 0 || !peek().newline();
  }

  Term termIn() {
    Term left = relation();
    while (at("in") && continues()) {
      Token op = next();
      left = new Term.BinOp(op.pos(), "in", left, relation());
    }
    return left;
  }

  private Term relation() {
    Term left = or();
    while (peek().kind() == Token.Kind.OP && RELATIONS.contains(peek().text()) && continues()) {
      Token op = next();
      left = new Term.BinOp(op.pos(), op.text(), left, or());
    }
    return left;
  }

  private Term or() {
    Term left = and();
    while (at("|") && continues() && nest != noPipeAt) {
      Token op = next();
      left = new Term.BinOp(op.pos(), "|", left, and());
    }
    return left;
  }

  private Term and() {
    Term left = arith();
    while (at("&") && continues()) {
      Token op = next();
      left = new Term.BinOp(op.pos(), "&", left, arith());
    }
    return left;
  }

  private Term arith() {
    Term left = factor();
    while ((at("+") || at("-")) && continues()) {
      Token op = next();
      left = new Term.BinOp(op.pos(), op.text(), left, factor());
    }
    return left;
  }

  private Term factor() {
    Term left = unary();
    while ((at("*") || at("/") || at("%")) && continues()) {
      Token op = next();
      left = new Term.BinOp(op.pos(), op.text(), left, unary());
    }
    return left;
  }

  private Term unary() {
    if (at("-")) {
      Token op = next();
      Term t = unary();
      if (t instanceof Term.Scalar s && s.value() instanceof Value.Num n) {
        return new Term.Scalar(op.pos(), new Value.Num(n.value().negate()));
      }
      return new Term.BinOp(op.pos(), "-", new Term.Scalar(op.pos(), Value.num(0)), t);
    }
    return postfix(primary());
  }

  private Term postfix(Term t) {
    List<Term> path = new ArrayList<>();
    while (continues()) {
      if (at(".") && toks.get(p + 1).kind() == Token.Kind.IDENT) {
        p++;
        Token name = next();
        path.add(new Term.Scalar(name.pos(), Value.str(name.text())));
      } else if (at("[")) {
        p++;
        nest++;
        path.add(termIn());
        expect("]");
        nest--;
      } else if (at("(")) {
        String name = callName(t, path);
        if (name == null) {
          throw RegoException.at(peek().pos(), "cannot call a non-function term");
        }
        t = new Term.Call(t.pos(), name, callArgs());
        path = new ArrayList<>();
      } else {
        break;
      }
    }
    return path.isEmpty() ? t : new Term.Ref(t.pos(), t, List.copyOf(path));
  }

  private static String callName(Term head, List<Term> path) {
    if (!(head instanceof Term.Var v) || v.wildcard()) {
      return null;
    }
    StringBuilder sb = new StringBuilder(v.name());
    for (Term t : path) {
      if (!(t instanceof Term.Scalar s) || !(s.value() instanceof Value.Str str)) {
        return null;
      }
      sb.append('.').append(str.value());
    }
    return sb.toString();
  }

  private Term primary() {
    Token t = peek();
    switch (t.kind()) {
      case NUMBER -> {
        p++;
        return new Term.Scalar(t.pos(), new Value.Num(new BigDecimal(t.text())));
      }
      case STRING -> {
        p++;
        return new Term.Scalar(t.pos(), Value.str(t.text()));
      }
      case IDENT -> {
        p++;
        switch (t.text()) {
          case "true" -> {
            return new Term.Scalar(t.pos(), Values.TRUE);
          }
          case "false" -> {
            return new Term.Scalar(t.pos(), Values.FALSE);
          }
          case "null" -> {
            return new Term.Scalar(t.pos(), Values.NULL);
          }
          case "_" -> {
            wildcards++;
            return new Term.Var(t.pos(), "_$" + wildcards);
          }
          default -> {
            if (KEYWORDS.contains(t.text()) && !(t.text().equals("contains") && at("("))) {
              p--;
              throw unexpected("a term");
            }
            return new Term.Var(t.pos(), t.text());
          }
        }
      }
      case OP -> {
        if (at("(")) {
          p++;
          nest++;
          Term inner = termIn();
          expect(")");
          nest--;
          return inner;
        }
        if (at("[")) {
          return array();
        }
        if (at("{")) {
          return braces();
        }
        throw unexpected("a term");
      }
      default -> throw unexpected("a term");
    }
  }

  private Term array() {
    Token open = next();
    nest++;
    List<Term> items = new ArrayList<>();
    if (!at("]")) {
      Term first = firstElement();
      if (at("|")) {
        p++;
        List<Expr> body = literals("]");
        expect("]");
        nest--;
        return new Term.ArrayCompr(open.pos(), first, body);
      }
      items.add(first);
      elements(items, "]");
    }
    expect("]");
    nest--;
    return new Term.ArrayLit(open.pos(), List.copyOf(items));
  }

  private Term braces() {
    Token open = next();
    nest++;
    Term result;
    if (at("}")) {
      result = new Term.ObjectLit(open.pos(), List.of(), List.of());
    } else {
      Term first = firstElement();
      if (at(":")) {
        p++;
        Term value = firstElement();
        if (at("|")) {
          p++;
          List<Expr> body = literals("}");
          expect("}");
          nest--;
          return new Term.ObjectCompr(open.pos(), first, value, body);
        }
        List<Term> keys = new ArrayList<>(List.of(first));
        List<Term> values = new ArrayList<>(List.of(value));
        while (at(",")) {
          p++;
          if (at("}")) {
            break;
          }
          keys.add(termIn());
          expect(":");
          values.add(termIn());
        }
        result = new Term.ObjectLit(open.pos(), List.copyOf(keys), List.copyOf(values));
      } else if (at("|")) {
        p++;
        List<Expr> body = literals("}");
        expect("}");
        nest--;
        return new Term.SetCompr(open.pos(), first, body);
      } else {
        List<Term> items = new ArrayList<>(List.of(first));
        elements(items, "}");
        result = new Term.SetLit(open.pos(), List.copyOf(items));
      }
    }
    expect("}");
    nest--;
    return result;
  }

  /** The first element of a collection, where '|' starts a comprehension body. */
  private Term firstElement() {
    int saved = noPipeAt;
    noPipeAt = nest;
    try {
      return termIn();
    } finally {
      noPipeAt = saved;
    }
  }

  private void elements(List<Term> items, String closing) {
    while (at(",")) {
      p++;
      if (at(closing)) {
        return;
      }
      items.add(termIn());
    }
  }

  private String ident() {
    Token t = peek();
    if (t.kind() != Token.Kind.IDENT || KEYWORDS.contains(t.text())) {
      throw unexpected("a name");
    }
    p++;
    return t.text();
  }

  private String anyIdent() {
    Token t = peek();
    if (t.kind() != Token.Kind.IDENT) {
      throw unexpected("a name");
    }
    p++;
    return t.text();
  }

  boolean atEnd() {
    return peek().kind() == Token.Kind.EOF;
  }

  private Token peek() {
    return toks.get(p);
  }

  private Token next() {
    return toks.get(p++);
  }

  private boolean at(String text) {
    Token t = peek();
    return t.kind() != Token.Kind.STRING && t.kind() != Token.Kind.EOF && t.text().equals(text);
  }

  private void expect(String text) {
    if (!at(text)) {
      throw unexpected("'" + text + "'");
    }
    p++;
  }

  private RegoException unexpected(String expected) {
    Token t = peek();
    return RegoException.at(t.pos(), "unexpected " + t.describe() + ", expected " + expected);
  }
}
