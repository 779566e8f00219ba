package dev.osc.policy;

/**
 * A lexical token. {@code text} is the identifier or operator text, or the decoded string value;
 * {@code newline} records a line break before the token, which ends a Rego expression.
 */
record Token(Kind kind, String text, Pos pos, boolean newline) {
  enum Kind {
    IDENT,
    NUMBER,
    STRING,
    OP,
    EOF
  }

  boolean is(String op) {
    return (kind == Kind.OP || kind == Kind.IDENT) && text.equals(op);
  }

  String describe() {
    return switch (kind) {
      case EOF -> "end of file";
      case STRING -> "string";
      default -> "'" + text + "'";
    };
  }
}
