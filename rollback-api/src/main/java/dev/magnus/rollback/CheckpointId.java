package dev.magnus.rollback;

import java.util.Objects;

/**
 * Identify a checkpoint uniquely across sessions.
 *
 * <p>The default engine generates 26-character, time-ordered ids (48 bits of milliseconds then 80
 * bits that grow monotonically, in Crockford base 32), so that ids sort in creation order. Any id
 * of 1 to 64 characters from {@code [0-9A-Za-z_-]} is accepted, so stores and tests can use their
 * own.
 *
 * @param value the id text
 */
public record CheckpointId(String value) implements Comparable<CheckpointId> {
  /** The longest id accepted. */
  public static final int MAX_LENGTH = 64;

  /**
   * Validate the id.
   *
   * @throws IllegalArgumentException if the value is blank, too long or has other characters
   */
  public CheckpointId {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty() || value.length() > MAX_LENGTH || !value.chars().allMatch(CheckpointId::allowed)) {
      throw new IllegalArgumentException(
          "checkpoint id '" + printable(value) + "' is invalid: use 1 to " + MAX_LENGTH
              + " characters from [0-9A-Za-z_-], as returned by createCheckpoint");
    }
  }

  /**
   * Parse an id.
   *
   * @param value the id text
   * @return the id
   * @throws IllegalArgumentException if the text is not a valid id
   */
  public static CheckpointId of(String value) {
    return new CheckpointId(value);
  }

  private static boolean allowed(int c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-';
  }

  private static String printable(String value) {
    return value.length() > 80 ? value.substring(0, 80) + "..." : value;
  }

  @Override
  public int compareTo(CheckpointId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
