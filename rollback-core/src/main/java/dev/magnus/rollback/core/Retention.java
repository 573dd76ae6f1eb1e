package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointId;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decide which checkpoints retention deletes: never the newest, a pinned type or a protected one
 * (the target of a running rollback); first every other checkpoint older than {@code retention},
 * then the oldest until at most {@code maxCheckpoints} remain. Pure function; thread-safe.
 */
final class Retention {
  private Retention() {}

  /**
   * @param live the session's live checkpoints, oldest first
   * @return the ids to delete, oldest first
   */
  static List<CheckpointId> select(List<Checkpoint> live, CheckpointConfig config, Instant now, Set<CheckpointId> protectedIds) {
    if (live.size() <= 1) {
      return List.of();
    }
    Checkpoint newest = live.get(live.size() - 1);
    Instant cutoff = config.retention().isZero() ? Instant.MIN : olderThan(now, config.retention());
    List<CheckpointId> doomed = new ArrayList<>();
    List<Checkpoint> deletable = new ArrayList<>();
    for (Checkpoint c : live) {
      if (c == newest || config.pinnedTypes().contains(c.type()) || protectedIds.contains(c.id())) {
        continue;
      }
      if (c.createdAt().isBefore(cutoff)) {
        doomed.add(c.id());
      } else {
        deletable.add(c);
      }
    }
    int excess = live.size() - doomed.size() - config.maxCheckpoints();
    for (int i = 0; i < excess && i < deletable.size(); i++) {
      doomed.add(deletable.get(i).id());
    }
    return doomed;
  }

  /** Return the instant {@code age} before {@code now}, or {@link Instant#MIN} when that is out of range. */
  private static Instant olderThan(Instant now, Duration age) {
    try {
      return now.minus(age);
    } catch (DateTimeException | ArithmeticException e) {
      return Instant.MIN;
    }
  }
}
