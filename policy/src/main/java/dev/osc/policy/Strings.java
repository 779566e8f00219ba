package dev.osc.policy;

/** Go strings.Trim* semantics: cutsets are sets of code points; spaces are Unicode spaces. */
final class Strings {
  private Strings() {}

  static String trimLeft(String s, String cutset) {
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      if (cutset.indexOf(cp) < 0) {
        break;
      }
      i += Character.charCount(cp);
    }
    return s.substring(i);
  }

  static String trimRight(String s, String cutset) {
    int end = s.length();
    while (end > 0) {
      int cp = s.codePointBefore(end);
      if (cutset.indexOf(cp) < 0) {
        break;
      }
      end -= Character.charCount(cp);
    }
    return s.substring(0, end);
  }

  static String trimSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && isSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  /** Go unicode.IsSpace. */
  static boolean isSpace(int cp) {
    return switch (cp) {
      case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0 -> true;
      default ->
          cp > 0xFF
              && (Character.getType(cp) == Character.SPACE_SEPARATOR
                  || cp == 0x2028
                  || cp == 0x2029);
    };
  }
}
