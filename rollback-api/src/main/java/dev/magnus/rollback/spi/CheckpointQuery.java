package dev.magnus.rollback.spi;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Select checkpoints of one session: by type, by sequence range (inclusive), with a limit and an
 * order. Immutable.
 *
 * @param types the types to include; empty means all
 * @param fromSequence the lowest sequence included
 * @param toSequence the highest sequence included
 * @param limit at most this many results; {@link Integer#MAX_VALUE} for no limit
 * @param ascending oldest first when true, newest first when false
 */
public record CheckpointQuery(Set<CheckpointType> types, long fromSequence, long toSequence, int limit, boolean ascending) {
  private static final CheckpointQuery ALL = new CheckpointQuery(Set.of(), 1, Long.MAX_VALUE, Integer.MAX_VALUE, true);

  /** Validate and copy. */
  public CheckpointQuery {
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
   * Select every checkpoint, oldest first.
   *
   * @return the query
   */
  public static CheckpointQuery all() {
    return ALL;
  }

  /**
   * Return a copy limited to some types.
   *
   * @param first a type
   * @param rest more types
   * @return the query
   */
  public CheckpointQuery types(CheckpointType first, CheckpointType... rest) {
    return new CheckpointQuery(EnumSet.of(first, rest), fromSequence, toSequence, limit, ascending);
  }

  /**
   * Return a copy limited to a sequence range.
   *
   * @param from lowest sequence, inclusive
   * @param to highest sequence, inclusive
   * @return the query
   */
  public CheckpointQuery sequences(long from, long to) {
    return new CheckpointQuery(types, from, to, limit, ascending);
  }

  /**
   * Return a copy with a limit.
   *
   * @param max at least 1
   * @return the query
   */
  public CheckpointQuery limit(int max) {
    return new CheckpointQuery(types, fromSequence, toSequence, max, ascending);
  }

  /**
   * Return a copy ordered newest first.
   *
   * @return the query
   */
  public CheckpointQuery newestFirst() {
    return new CheckpointQuery(types, fromSequence, toSequence, limit, false);
  }

  /**
   * Tell whether a checkpoint passes the type and sequence filters (limit and order aside).
   *
   * @param checkpoint the checkpoint
   * @return true if selected
   */
  public boolean matches(Checkpoint checkpoint) {
    return checkpoint.sequence() >= fromSequence && checkpoint.sequence() <= toSequence
        && (types.isEmpty() || types.contains(checkpoint.type()));
  }
}
