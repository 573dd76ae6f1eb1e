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
  private final LiveCheckpoints live = new LiveCheckpoints();
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
   * Whether creation times never decrease along {@code live} (false after a clock stepped back, until a
   * full plan finds them in order again). While they do, the expired checkpoints are a prefix of the list.
   */
  private boolean inOrder = true;
  /** How many live checkpoints link to a base (delta checkpoints); retention must plan those with the full graph. */
  private int linked;

  /**
   * @param stored the session's live checkpoints, oldest first; empty for a new session
   * @param revision the revision of the state of the newest one
   */
  SessionHead(List<Checkpoint> stored, long revision) {
    reload(stored, revision);
    this.lastAuto = stored.stream().filter(c -> c.type().isAutomatic()).map(Checkpoint::createdAt)
        .reduce((a, b) -> b).orElse(null);
  }

  /** Replace everything with the store's view, as a resume does. */
  void reload(List<Checkpoint> stored, long revision) {
    live.replaceWith(stored);
    oldestFor = null;
    inOrder = inOrder(live);
    linked = (int) live.stream().filter(Retention::linksToBase).count();
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
    inOrder = inOrder && (live.isEmpty() || !c.createdAt().isBefore(newest().createdAt()));
    linked += Retention.linksToBase(c) ? 1 : 0;
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

  /**
   * Record acknowledged deletions. Only the part of the list up to the last deleted checkpoint is
   * scanned and moved: retention by age deletes the oldest ones, so that part is short however long the
   * session.
   */
  void deleted(Collection<CheckpointId> ids) {
    Set<CheckpointId> gone = Set.copyOf(ids);
    int end = 0;
    for (int hits = 0; end < live.size() && hits < gone.size(); end++) {
      hits += gone.contains(live.get(end).id()) ? 1 : 0;
    }
    live.removeWithin(end, c -> gone.contains(c.id()), c -> linked -= Retention.linksToBase(c) ? 1 : 0);
    oldestFor = null;
  }

  /** Plan what retention deletes once {@code next} is appended, as if it were already the head. */
  Retention.Plan planAfter(Checkpoint next, CheckpointConfig config, Instant now, Set<CheckpointId> protect) {
    Instant cutoff = Retention.cutoff(config, now);
    if (live.size() + 1 <= config.maxCheckpoints()) {
      if (inOrder && linked == 0 && !Retention.linksToBase(next)) {
        return expiredPrefix(config, cutoff, protect);
      }
      if (!anyExpired(config, cutoff)) {
        return Retention.Plan.NONE; // within the count and nothing old enough: what Retention.plan would say
      }
    }
    inOrder = inOrder(live);
    List<Checkpoint> after = new ArrayList<>(live.size() + 1);
    after.addAll(live);
    after.add(next);
    return Retention.plan(after, config, now, protect);
  }

  /**
   * What {@link Retention#plan} deletes when the count is within {@code maxCheckpoints}, no checkpoint
   * links to a base and creation times are in order: the expired ones that are neither pinned nor
   * protected, all within the prefix of the list created before {@code cutoff}. Costs what it deletes.
   */
  private Retention.Plan expiredPrefix(CheckpointConfig config, Instant cutoff, Set<CheckpointId> protect) {
    List<CheckpointId> doomed = new ArrayList<>();
    for (int i = 0; i < live.size() && live.get(i).createdAt().isBefore(cutoff); i++) {
      Checkpoint c = live.get(i);
      if (!config.pinnedTypes().contains(c.type()) && !protect.contains(c.id())) {
        doomed.add(c.id());
      }
    }
    return doomed.isEmpty() ? Retention.Plan.NONE : new Retention.Plan(doomed, false);
  }

  private static boolean inOrder(List<Checkpoint> checkpoints) {
    for (int i = 1; i < checkpoints.size(); i++) {
      if (checkpoints.get(i).createdAt().isBefore(checkpoints.get(i - 1).createdAt())) {
        return false;
      }
    }
    return true;
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
