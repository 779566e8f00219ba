package dev.osc.policy;

import java.util.ArrayList;
import java.util.List;

/** Splits Rego source into tokens; strings are decoded here so the parser sees their values. */
final class Lexer {
  private static final String[] OPS = {
    ":=", "==", "!=", "<=", ">=", "<", ">", "=", "+", "-", "*", "/", "%", "|", "&", "(", ")", "[",
    "]", "{", "}", ",", ";", ":", "."
  };

  private final String src;
  private final String file;
  private int i;
  private int line = 1;
  private int lineStart;

  private Lexer(String src, String file) {
    this.src = src;
    this.file = file;
  }

  static List<Token> tokenize(String src, String file) {
    return new Lexer(src, file).run();
  }

  private List<Token> run() {
    List<Token> out = new ArrayList<>();
    boolean newline = true;
    while (true) {
      while (i < src.length()) {
        char c = src.charAt(i);
        if (c == '\n') {
          newline = true;
          i++;
          line++;
          lineStart = i;
        } else if (c == ' ' || c == '\t' || c == '\r') {
          i++;
        } else if (c == '#') {
          while (i < src.length() && src.charAt(i) != '\n') {
            i++;
          }
        } else {
          break;
        }
      }
      Pos pos = pos();
      if (i >= src.length()) {
        out.add(new Token(Token.Kind.EOF, "", pos, true));
        return out;
      }
      out.add(next(pos, newline));
      newline = false;
    }
  }

  private Pos pos() {
    return new Pos(file, line, i - lineStart + 1);
  }

  private Token next(Pos pos, boolean nl) {
    char c = src.charAt(i);
    if (Character.isLetter(c) || c == '_') {
      int start = i;
      while (i < src.length()
          && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) {
        i++;
      }
      return new Token(Token.Kind.IDENT, src.substring(start, i), pos, nl);
    }
    if (Character.isDigit(c)) {
      return new Token(Token.Kind.NUMBER, number(), pos, nl);
    }
    if (c == '"') {
      return new Token(Token.Kind.STRING, quoted(pos), pos, nl);
    }
    if (c == '`') {
      int end = src.indexOf('`', i + 1);
      if (end < 0) {
        throw RegoException.at(pos, "unterminated raw string");
      }
      String s = src.substring(i + 1, end);
      for (int k = i; k < end; k++) {
        if (src.charAt(k) == '\n') {
          line++;
          lineStart = k + 1;
        }
      }
      i = end + 1;
      return new Token(Token.Kind.STRING, s, pos, nl);
    }
    for (String op : OPS) {
      if (src.startsWith(op, i)) {
        i += op.length();
        return new Token(Token.Kind.OP, op, pos, nl);
      }
    }
    throw RegoException.at(pos, "unexpected character '" + c + "'");
  }

  private String number() {
    int start = i;
    digits();
    if (i + 1 < src.length() && src.charAt(i) == '.' && Character.isDigit(src.charAt(i + 1))) {
      i++;
      digits();
    }
    if (i < src.length() && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
      int save = i;
      i++;
      if (i < src.length() && (src.charAt(i) == '+' || src.charAt(i) == '-')) {
        i++;
      }
      if (i < src.length() && Character.isDigit(src.charAt(i))) {
        digits();
      } else {
        i = save;
      }
    }
    return src.substring(start, i);
  }

  private void digits() {
    while (i < src.length() && Character.isDigit(src.charAt(i))) {
      i++;
    }
  }

  private String quoted(Pos pos) {
    StringBuilder sb = new StringBuilder();
    i++;
    while (true) {
      if (i >= src.length() || src.charAt(i) == '\n') {
        throw RegoException.at(pos, "unterminated string");
      }
      char c = src.charAt(i++);
      if (c == '"') {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (i >= src.length()) {
        throw RegoException.at(pos, "unterminated string");
      }
      char e = src.charAt(i++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (i + 4 > src.length()) {
            throw RegoException.at(pos(), "bad \\u escape");
          }
          try {
            sb.append((char) Integer.parseInt(src.substring(i, i + 4), 16));
          } catch (NumberFormatException ex) {
            throw RegoException.at(pos(), "bad \\u escape");
          }
          i += 4;
        }
        default ->
            throw RegoException.at(
                new Pos(file, line, i - lineStart), "invalid escape '\\" + e + "' in string");
      }
    }
  }
}
