package dev.magnus.rollback;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Select a session's stored checkpoints for {@link SessionRollbackEngine#checkpoints}: by type and
 * sequence range, in either order, up to a limit, optionally verifying each one. Immutable; start from
 * {@link #all()}.
 *
 * @param types the types to return; empty for every type
 * @param fromSequence the lowest sequence, at least 1
 * @param toSequence the highest sequence, at least {@code fromSequence}
 * @param limit the most checkpoints to return, at least 1
 * @param ascending oldest first when true
 * @param verify check each returned checkpoint's payload as a restore would (reads every payload)
 */
public record HistoryQuery(Set<CheckpointType> types, long fromSequence, long toSequence, int limit, boolean ascending,
    boolean verify) {
  private static final HistoryQuery ALL = new HistoryQuery(Set.of(), 1, Long.MAX_VALUE, Integer.MAX_VALUE, true, false);

  /**
   * Validate and copy.
   *
   * @throws IllegalArgumentException naming the field and the value when a bound or the limit is out of range
   */
  public HistoryQuery {
    types = Set.copyOf(Objects.requireNonNull(types, "types"));
    if (fromSequence < 1) {
      throw new IllegalArgumentException("fromSequence must be >= 1, was " + fromSequence);
    }
    if (toSequence < fromSequence) {
      throw new IllegalArgumentException("toSequence (" + toSequence + ") must be >= fromSequence (" + fromSequence + ")");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
  }

  /**
   * Return the query for every checkpoint, oldest first, not verified.
   *
   * @return the query
   */
  public static HistoryQuery all() {
    return ALL;
  }

  /**
   * Keep only these types.
   *
   * @param first a type
   * @param rest more types
   * @return a new query
   */
  public HistoryQuery types(CheckpointType first, CheckpointType... rest) {
    return new HistoryQuery(EnumSet.of(first, rest), fromSequence, toSequence, limit, ascending, verify);
  }

  /**
   * Keep only sequences from {@code from} to {@code to}, both included.
   *
   * @param from the lowest sequence
   * @param to the highest sequence
   * @return a new query
   */
  public HistoryQuery sequences(long from, long to) {
    return new HistoryQuery(types, from, to, limit, ascending, verify);
  }

  /**
   * Return at most {@code max} checkpoints.
   *
   * @param max the limit, at least 1
   * @return a new query
   */
  public HistoryQuery limit(int max) {
    return new HistoryQuery(types, fromSequence, toSequence, max, ascending, verify);
  }

  /**
   * Return the newest first.
   *
   * @return a new query
   */
  public HistoryQuery newestFirst() {
    return new HistoryQuery(types, fromSequence, toSequence, limit, false, verify);
  }

  /**
   * Verify each returned checkpoint (state hash, chain hash when the parent is stored).
   *
   * @return a new query
   */
  public HistoryQuery verified() {
    return new HistoryQuery(types, fromSequence, toSequence, limit, ascending, true);
  }
}
