package dev.osc.policy;

/** Entry point for parsing Rego source. */
public final class Rego {
  private Rego() {}

  /** Parses one module; throws RegoException with file:line:col on a syntax error. */
  public static Module parse(String source, String fileName) {
    return new Parser(Lexer.tokenize(source, fileName), fileName).module();
  }
}
