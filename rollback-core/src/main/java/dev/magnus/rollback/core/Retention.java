package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointId;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decide which checkpoints retention deletes: never the newest, a pinned type or a protected one
 * (the target of a running rollback); first every other checkpoint older than {@code retention},
 * then the oldest until at most {@code maxCheckpoints} remain. Pure function; thread-safe.
 */
final class Retention {
  private Retention() {}

  /**
   * What retention deletes and whether it had to spare checkpoints that kept ones depend on.
   *
   * @param doomed the ids to delete, oldest first
   * @param spared whether bases that a kept delta needs were left out of {@code doomed}
   */
  record Plan(List<CheckpointId> doomed, boolean spared) {
    /** Nothing to delete. */
    static final Plan NONE = new Plan(List.of(), false);
  }

  /**
   * @param live the session's live checkpoints, oldest first
   * @return the ids to delete, oldest first
   */
  static List<CheckpointId> select(List<Checkpoint> live, CheckpointConfig config, Instant now, Set<CheckpointId> protectedIds) {
    return plan(live, config, now, protectedIds).doomed();
  }

  /** Plan retention: {@link #select}'s ids, minus the bases that a kept checkpoint cannot be restored without. */
  static Plan plan(List<Checkpoint> live, CheckpointConfig config, Instant now, Set<CheckpointId> protectedIds) {
    if (live.size() <= 1) {
      return new Plan(List.of(), false);
    }
    Checkpoint newest = live.get(live.size() - 1);
    Instant cutoff = cutoff(config, now);
    List<CheckpointId> doomed = new ArrayList<>();
    List<Checkpoint> deletable = new ArrayList<>(live.size());
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
    return doomed.isEmpty() || !linked(live) ? new Plan(doomed, false) : new DeltaGraph(live, doomed).spare();
  }

  /** Tell whether any checkpoint links to a base; without links (delta checkpoints off) every one is whole. */
  private static boolean linked(List<Checkpoint> live) {
    for (Checkpoint c : live) {
      if (linksToBase(c)) {
        return true;
      }
    }
    return false;
  }

  /** Tell whether a checkpoint links to a base, so that a plan keeping it must plan with the delta graph. */
  static boolean linksToBase(Checkpoint c) {
    return c.labels().containsKey(Checkpoint.BASE);
  }

  /**
   * Return the descriptor the delta {@code c} would have as a full snapshot linked to its base (the
   * links the codec writes): what the writer plans with before it decides to store a checkpoint whole
   * so retention can delete old bases. Retention plans only with links, so the plan holds for the
   * linked snapshot written.
   */
  static Checkpoint asLinkedFull(Checkpoint c) {
    Map<String, String> labels = new HashMap<>(c.labels());
    labels.put(Checkpoint.ENCODING, Checkpoint.FULL); // rollback.base stays the delta's base
    return new Checkpoint(c.id(), c.sessionId(), c.sequence(), c.parentId(), c.type(), c.description(), c.createdAt(),
        labels, c.stateHash(), c.chainHash(), c.rawSize(), c.storedSize(), c.compression());
  }

  /** Return the instant before which a checkpoint has expired; {@link Instant#MIN} when none expires by age. */
  static Instant cutoff(CheckpointConfig config, Instant now) {
    return config.retention().isZero() ? Instant.MIN : olderThan(now, config.retention());
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
