package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a session knows of its stored history: its live checkpoints in sequence order (the last is
 * the head), the checkpoint its current state descends from ({@code origin}, the parent of the next
 * checkpoint), the revision last checkpointed and when the last automatic checkpoint was taken.
 *
 * <p>It changes only after the store acknowledged an append or a delete (or, for an append whose
 * outcome was unknown, after the store was asked and holds it), so it always describes committed
 * history. Not thread-safe: the owning {@link SessionHandle}'s lock guards it.
 */
final class SessionHead {
  // Every field: @GuardedBy("SessionHandle.lock") of the owning session.
  private final List<Checkpoint> live;
  private Optional<CheckpointId> origin;
  private String originChain;
  private @Nullable Instant lastAuto;
  private long checkpointedRevision;
  /**
   * The oldest creation time among the live checkpoints whose type is not in {@code oldestFor}, or null
   * for none; not known while {@code oldestFor} is null. Lets {@link #planAfter} see in constant time
   * that retention has nothing to delete, instead of copying and scanning every live checkpoint.
   */
  private @Nullable Instant oldest;
  private @Nullable Set<CheckpointType> oldestFor;

  /**
   * @param stored the session's live checkpoints, oldest first; empty for a new session
   * @param revision the revision of the state of the newest one
   */
  SessionHead(List<Checkpoint> stored, long revision) {
    this.live = new ArrayList<>(stored.size() + 2);
    reload(stored, revision);
    this.lastAuto = stored.stream().filter(c -> c.type().isAutomatic()).map(Checkpoint::createdAt)
        .reduce((a, b) -> b).orElse(null);
  }

  /** Replace everything with the store's view, as a resume does. */
  void reload(List<Checkpoint> stored, long revision) {
    live.clear();
    live.addAll(stored);
    oldestFor = null;
    Checkpoint newest = stored.isEmpty() ? null : stored.get(stored.size() - 1);
    origin = newest == null ? Optional.empty() : Optional.of(newest.id());
    originChain = newest == null ? "" : newest.chainHash();
    checkpointedRevision = newest == null ? -1 : revision;
  }

  long nextSequence() {
    return live.isEmpty() ? 1 : newest().sequence() + 1;
  }

  Checkpoint newest() {
    return live.get(live.size() - 1);
  }

  Optional<CheckpointId> origin() {
    return origin;
  }

  String originChain() {
    return originChain;
  }

  /** Tell whether the state changed since it was last checkpointed. */
  boolean changedSince(long revision) {
    return revision != checkpointedRevision;
  }

  /** Record an acknowledged append of a checkpoint holding the state at {@code revision}. */
  void appended(Checkpoint c, long revision) {
    live.add(c);
    if (oldestFor != null && !oldestFor.contains(c.type()) && (oldest == null || c.createdAt().isBefore(oldest))) {
      oldest = c.createdAt();
    }
    origin = Optional.of(c.id());
    originChain = c.chainHash();
    checkpointedRevision = revision;
    if (c.type().isAutomatic()) {
      lastAuto = c.createdAt();
    }
  }

  /** Record acknowledged deletions. */
  void deleted(Collection<CheckpointId> ids) {
    Set<CheckpointId> gone = Set.copyOf(ids);
    live.removeIf(c -> gone.contains(c.id()));
    oldestFor = null;
  }

  /** Plan what retention deletes once {@code next} is appended, as if it were already the head. */
  Retention.Plan planAfter(Checkpoint next, CheckpointConfig config, Instant now, Set<CheckpointId> protect) {
    if (live.size() + 1 <= config.maxCheckpoints() && !anyExpired(config, Retention.cutoff(config, now))) {
      return Retention.Plan.NONE; // within the count and nothing old enough: what Retention.plan would say
    }
    List<Checkpoint> after = new ArrayList<>(live.size() + 1);
    after.addAll(live);
    after.add(next);
    return Retention.plan(after, config, now, protect);
  }

  /** Tell whether a live checkpoint of a type not pinned by {@code config} was created before {@code cutoff}. */
  private boolean anyExpired(CheckpointConfig config, Instant cutoff) {
    if (cutoff.equals(Instant.MIN)) {
      return false;
    }
    if (!config.pinnedTypes().equals(oldestFor)) {
      oldest = null;
      for (Checkpoint c : live) {
        if (!config.pinnedTypes().contains(c.type()) && (oldest == null || c.createdAt().isBefore(oldest))) {
          oldest = c.createdAt();
        }
      }
      oldestFor = config.pinnedTypes();
    }
    return oldest != null && oldest.isBefore(cutoff);
  }

  /** Return the chain hash of a checkpoint's parent when the parent is known ("" for a root). */
  Optional<String> parentChainHash(Checkpoint c) {
    if (c.parentId().isEmpty()) {
      return Optional.of("");
    }
    CheckpointId parent = c.parentId().get();
    for (int i = live.size() - 1; i >= 0; i--) {
      if (live.get(i).id().equals(parent)) {
        return Optional.of(live.get(i).chainHash());
      }
    }
    return Optional.empty();
  }

  boolean holds(CheckpointId id) {
    return live.stream().anyMatch(c -> c.id().equals(id));
  }

  List<Checkpoint> snapshot() {
    return List.copyOf(live);
  }

  /** Say why an automatic checkpoint of {@code type} must be skipped now, if it must. */
  Optional<String> skipReason(CheckpointType type, CheckpointConfig config, Instant now) {
    if (!config.autoEnabled(type)) {
      return Optional.of(switchName(type) + " is off");
    }
    Duration min = config.minInterval();
    if (!min.isZero() && lastAuto != null) {
      Duration since = Duration.between(lastAuto, now);
      if (since.compareTo(min) < 0) {
        return Optional.of("checkpoint.minIntervalMs=" + min.toMillis() + " not elapsed: " + since.toMillis()
            + " ms since the last automatic checkpoint");
      }
    }
    return Optional.empty();
  }

  private static String switchName(CheckpointType type) {
    switch (type) {
      case PATTERN_MILESTONE: return "checkpoint.autoCheckpoint.onPatternDetection";
      case SCORING_DECISION: return "checkpoint.autoCheckpoint.onScoringDecision";
      case THERAPEUTIC_PHASE: return "checkpoint.autoCheckpoint.onTherapeuticPhase";
      default: return "checkpoint.autoCheckpoint.periodicMs";
    }
  }
}
