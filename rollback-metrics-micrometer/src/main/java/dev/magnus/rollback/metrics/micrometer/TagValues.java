package dev.magnus.rollback.metrics.micrometer;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Turn what an event carries into tag values from closed sets: enum constants in lower case, and the few
 * strings that come from code rather than data (strategy names, observer events) checked against a
 * bound, so that no value from a session (its id, a description, an error message) ever becomes a tag.
 * Thread-safe.
 */
final class TagValues {
  /** The value for a string outside the closed set. */
  static final String OTHER = "other";
  /** The most distinct strategy names kept; beyond it, {@link #OTHER}. */
  static final int MAX_STRATEGIES = 16;
  /** The observer events, the method names of SessionObserver. */
  static final Set<String> EVENTS = Set.of("checkpointCreated", "checkpointFailed", "autoCheckpointSkipped",
      "rollbackCompleted", "rollbackFailed", "recoveryAttempted", "recoveryCompleted", "checkpointsPruned",
      "integrityViolation", "observerFailed");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

  private final Set<String> strategies = ConcurrentHashMap.newKeySet();

  /** Return an enum constant as a tag value: {@code USER_REQUESTED} becomes {@code user_requested}. */
  static String of(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** Return a strategy's name as a tag value: the name in lower case, or {@link #OTHER} past the bound. */
  String strategy(String name) {
    String value = name.toLowerCase(Locale.ROOT);
    if (!NAME.matcher(value).matches()) {
      return OTHER;
    }
    if (strategies.contains(value) || (strategies.size() < MAX_STRATEGIES && strategies.add(value))) {
      return value;
    }
    return OTHER;
  }

  /** Return an observer event's name, or {@link #OTHER} for one this module does not know. */
  static String event(String name) {
    return EVENTS.contains(name) ? name : OTHER;
  }
}
