package dev.osc.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates RE2 (Go) regular expressions to java.util.regex. Constructs RE2 rejects but Java
 * accepts (backreferences, lookaround, possessive quantifiers, atomic groups) are rejected, and the
 * ones whose meaning differs ($, \s, \v, (?U), '[' and '&&' in classes) are rewritten. What the
 * agent's Rust regex crate rejects is rejected too: a stray '{', and (without its Unicode tables)
 * Perl classes, \p and (?i).
 */
final class GoRegex {
  private static final int CACHE_LIMIT = 512;
  private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();
  private static final Pattern REPEAT = Pattern.compile("\\{\\d+(,\\d*)?}");
  private static final Pattern FLAGS_WITH_M = Pattern.compile("\\(\\?[imsU-]*m[imsU-]*[:)]");
  private static final Map<String, String> POSIX =
      Map.ofEntries(
          Map.entry("alnum", "Alnum"),
          Map.entry("alpha", "Alpha"),
          Map.entry("ascii", "ASCII"),
          Map.entry("blank", "Blank"),
          Map.entry("cntrl", "Cntrl"),
          Map.entry("digit", "Digit"),
          Map.entry("graph", "Graph"),
          Map.entry("lower", "Lower"),
          Map.entry("print", "Print"),
          Map.entry("punct", "Punct"),
          Map.entry("space", "Space"),
          Map.entry("upper", "Upper"),
          Map.entry("word", "Alnum_"),
          Map.entry("xdigit", "XDigit"));

  private GoRegex() {}

  static Pattern compile(String re) {
    Pattern p = CACHE.get(re);
    if (p == null) {
      String missing = needsUnicodeTables(re);
      if (missing != null) {
        throw new BuiltinError("invalid regex: " + missing + " needs Unicode tables");
      }
      try {
        p = Pattern.compile(translate(re), Pattern.UNIX_LINES | Pattern.UNICODE_CASE);
      } catch (PatternSyntaxException e) {
        throw new BuiltinError("invalid regex: " + e.getDescription());
      }
      if (CACHE.size() < CACHE_LIMIT) {
        CACHE.put(re, p);
      }
    }
    return p;
  }

  /**
   * What in the pattern needs the Rust regex crate's Unicode features, or null. The Kata agent (and
   * regorus-cli) build regorus with the regex crate's default features off, so Perl classes (\d \s
   * \w \b and negations), \p{..} and case-insensitive matching fail to compile there.
   */
  private static String needsUnicodeTables(String re) {
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\' && i + 1 < re.length()) {
        char e = re.charAt(++i);
        if ("dDsSwWbBpP".indexOf(e) >= 0) {
          return "\\" + e;
        }
      } else if (re.startsWith("(?", i)) {
        for (int j = i + 2; j < re.length() && "imsUx".indexOf(re.charAt(j)) >= 0; j++) {
          if (re.charAt(j) == 'i') {
            return "(?i)";
          }
        }
      }
    }
    return null;
  }

  /** Go FindAllStringSubmatch(s, n): an empty match right after a match is skipped. */
  static Value findAllSubmatch(String re, String s, int n) {
    Matcher m = compile(re).matcher(s);
    List<Value> out = new ArrayList<>();
    int prevEnd = -1;
    while ((n < 0 || out.size() < n) && m.find()) {
      boolean skip = m.start() == m.end() && m.start() == prevEnd;
      prevEnd = m.end();
      if (skip) {
        continue;
      }
      List<Value> groups = new ArrayList<>();
      for (int g = 0; g <= m.groupCount(); g++) {
        String text = m.group(g);
        groups.add(Value.str(text == null ? "" : text));
      }
      out.add(new Value.Arr(List.copyOf(groups)));
    }
    return new Value.Arr(List.copyOf(out));
  }

  static String translate(String re) {
    boolean multiline = FLAGS_WITH_M.matcher(re).find();
    StringBuilder out = new StringBuilder();
    boolean inClass = false;
    boolean classStart = false;
    boolean afterQuantifier = false;
    int i = 0;
    while (i < re.length()) {
      char c = re.charAt(i);
      if (c == '\\') {
        if (i + 1 >= re.length()) {
          throw new BuiltinError("invalid regex: trailing backslash");
        }
        i = escape(re, i, out, inClass);
        classStart = false;
        afterQuantifier = false;
        continue;
      }
      if (inClass) {
        if (c == ']' && !classStart) {
          inClass = false;
          out.append(']');
        } else if (c == '[' && re.startsWith("[:", i)) {
          int end = re.indexOf(":]", i + 2);
          if (end < 0) {
            throw new BuiltinError("invalid regex: bad character class");
          }
          String name = re.substring(i + 2, end);
          boolean neg = name.startsWith("^");
          String java = POSIX.get(neg ? name.substring(1) : name);
          if (java == null) {
            throw new BuiltinError("invalid regex: unknown class [:" + name + ":]");
          }
          if (java.equals("Alnum_")) {
            if (neg) {
              throw new BuiltinError("invalid regex: [:^word:] is not supported");
            }
            out.append("\\w");
          } else {
            out.append(neg ? "\\P{" : "\\p{").append(java).append('}');
          }
          i = end + 1;
        } else if (c == '[' || c == '&' || (c == ']' && classStart)) {
          out.append('\\').append(c);
        } else {
          out.append(c);
        }
        classStart = false;
        i++;
        continue;
      }
      switch (c) {
        case '[' -> {
          inClass = true;
          classStart = true;
          out.append('[');
          if (i + 1 < re.length() && re.charAt(i + 1) == '^') {
            out.append('^');
            i++;
          }
        }
        case '(' -> i = group(re, i, out) - 1;
        case '$' -> out.append(multiline ? "$" : "\\z");
        case '{' -> {
          Matcher m = REPEAT.matcher(re).region(i, re.length());
          if (m.lookingAt()) {
            out.append(m.group());
            i = m.end() - 1;
            afterQuantifier = true;
            i++;
            continue;
          }
          // Go takes such a '{' literally; Rust's regex crate (the agent's) rejects it.
          throw new BuiltinError("invalid regex: '{' does not start a repetition");
        }
        case '}' -> out.append("\\}");
        case '+' -> {
          if (afterQuantifier) {
            throw new BuiltinError("invalid regex: invalid nested repetition operator");
          }
          out.append(c);
          afterQuantifier = true;
          i++;
          continue;
        }
        case '*', '?' -> {
          if (afterQuantifier && c == '*') {
            throw new BuiltinError("invalid regex: invalid nested repetition operator");
          }
          out.append(c);
          // "x*?" is a lazy quantifier, after which another operator is an error
          afterQuantifier = c == '*' || !afterQuantifier;
          i++;
          continue;
        }
        default -> out.append(c);
      }
      afterQuantifier = false;
      i++;
    }
    if (inClass) {
      throw new BuiltinError("invalid regex: missing closing ]");
    }
    return out.toString();
  }

  /** Appends the translation of the group opening at i and returns the index after it. */
  private static int group(String re, int i, StringBuilder out) {
    if (!re.startsWith("(?", i)) {
      out.append('(');
      return i + 1;
    }
    if (re.startsWith("(?P<", i)) {
      out.append("(?<");
      return i + 4;
    }
    if (re.startsWith("(?<", i) && !re.startsWith("(?<=", i) && !re.startsWith("(?<!", i)) {
      out.append("(?<");
      return i + 3;
    }
    int j = i + 2;
    while (j < re.length() && "imsU-".indexOf(re.charAt(j)) >= 0) {
      j++;
    }
    if (j >= re.length() || (re.charAt(j) != ':' && re.charAt(j) != ')')) {
      throw new BuiltinError("invalid regex: unsupported group syntax at offset " + i);
    }
    String flags = re.substring(i + 2, j);
    if (flags.contains("U")) {
      throw new BuiltinError("invalid regex: the U (ungreedy) flag is not supported");
    }
    out.append("(?").append(flags).append(re.charAt(j));
    return j + 1;
  }

  private static int escape(String re, int i, StringBuilder out, boolean inClass) {
    char d = re.charAt(i + 1);
    switch (d) {
      case 's' -> out.append(inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]");
      case 'S' -> {
        if (inClass) {
          throw new BuiltinError("invalid regex: \\S inside a class is not supported");
        }
        out.append("[^\\t\\n\\f\\r ]");
      }
      case 'v' -> out.append("\\x0B");
      case 'd', 'D', 'w', 'W', 'b', 'B', 'A', 'z', 'a', 'f', 't', 'n', 'r' ->
          out.append('\\').append(d);
      case 'x' -> out.append("\\x");
      case 'Q' -> {
        int end = re.indexOf("\\E", i + 2);
        String lit = end < 0 ? re.substring(i + 2) : re.substring(i + 2, end);
        out.append(Pattern.quote(lit));
        return end < 0 ? re.length() : end + 2;
      }
      case 'p', 'P' -> {
        return unicodeClass(re, i, d, out);
      }
      default -> {
        if (Character.isLetterOrDigit(d)) {
          throw new BuiltinError("invalid regex: invalid escape sequence \\" + d);
        }
        out.append('\\').append(d);
      }
    }
    return i + 2;
  }

  private static int unicodeClass(String re, int i, char d, StringBuilder out) {
    String name;
    int next;
    if (i + 2 < re.length() && re.charAt(i + 2) == '{') {
      int end = re.indexOf('}', i + 3);
      if (end < 0) {
        throw new BuiltinError("invalid regex: bad \\p class");
      }
      name = re.substring(i + 3, end);
      next = end + 1;
    } else if (i + 2 < re.length()) {
      name = String.valueOf(re.charAt(i + 2));
      next = i + 3;
    } else {
      throw new BuiltinError("invalid regex: bad \\p class");
    }
    boolean neg = d == 'P';
    if (name.startsWith("^")) {
      neg = !neg;
      name = name.substring(1);
    }
    String java = name.length() <= 2 ? name : "Is" + name;
    out.append(neg ? "\\P{" : "\\p{").append(java).append('}');
    return next;
  }
}
