package dev.magnus.rollback.core.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Suggest the known name closest to a misspelt one (Levenshtein distance, ignoring case), if it is
 * close enough to be a plausible typo: at most a third of the name's length, and at least 2 edits.
 * Thread-safe (stateless).
 */
public final class Suggestions {
  private Suggestions() {}

  /**
   * Return the known name closest to a misspelt one, if close enough to be a typo.
   *
   * @param wrong the name given
   * @param known the names that exist
   * @return the suggestion, or empty
   */
  public static Optional<String> closest(String wrong, Collection<String> known) {
    @Nullable String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(wrong.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = Math.max(2, wrong.length() / 3);
    return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

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

  /**
   * Format the hint for an unknown name: "did you mean 'x'?" or the list of known names.
   *
   * @param wrong the name given
   * @param known the names that exist
   * @return the hint
   */
  public static String hint(String wrong, Collection<String> known) {
    return closest(wrong, known).map(s -> "did you mean '" + s + "'?")
        .orElse("known: " + (known.isEmpty() ? "none" : String.join(", ", known)));
  }
}
