package dev.osc.api.peerpods;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The known key an unknown one is most likely a typo of: at most two edits away. */
final class ClosestKey {
  private ClosestKey() {}

  private static final int MAX_EDITS = 2;

  static Optional<String> to(String key, Collection<String> known) {
    return known.stream()
        .filter(k -> distance(key, k) <= MAX_EDITS)
        .min(
            Comparator.comparingInt((String k) -> distance(key, k))
                .thenComparing(Comparator.naturalOrder()));
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
