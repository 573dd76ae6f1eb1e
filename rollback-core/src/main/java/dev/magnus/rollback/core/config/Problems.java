package dev.magnus.rollback.core.config;

import dev.magnus.rollback.ConfigInvalidException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Collect every problem of one load, each formatted {@code key.path (where): rule, was value}.
 *
 * <p>Rules of the API's builders throw {@link IllegalArgumentException} with messages that start
 * with the option's key path ({@code checkpoint.maxCheckpoints must be >= 1, was -2}); {@link #rule}
 * runs such a call and turns a failure into a problem at the value's location, so the builders stay
 * the one place where the rules live. Not thread-safe: one instance per load.
 */
final class Problems {
  /** The key path used for problems of the document as a whole (syntax, size, empty file). */
  static final String DOCUMENT = "document";
  private final List<String> lines = new ArrayList<>();

  void add(String path, String where, String message) {
    lines.add(path + " (" + where + "): " + message);
  }

  /** Run a builder call; on IllegalArgumentException record it and return null. */
  <T> @Nullable T rule(String path, String where, Supplier<T> call) {
    try {
      return call.get();
    } catch (IllegalArgumentException e) {
      add(path, where, stripPath(path, String.valueOf(e.getMessage())));
      return null;
    }
  }

  private static String stripPath(String path, String message) {
    return message.startsWith(path + " ") ? message.substring(path.length() + 1) : message;
  }

  int count() {
    return lines.size();
  }

  /** Build a section only if reading its keys found no problem (else a combination rule would mislead). */
  <T> @Nullable T build(int before, String path, String where, Supplier<T> call) {
    return lines.size() == before ? rule(path, where, call) : null;
  }

  boolean isEmpty() {
    return lines.isEmpty();
  }

  ConfigInvalidException exception(String source) {
    String header = "invalid configuration in " + source + ": " + lines.size()
        + (lines.size() == 1 ? " problem" : " problems") + " (fix them and load again)";
    return new ConfigInvalidException(header + "\n  " + String.join("\n  ", lines), lines);
  }
}
