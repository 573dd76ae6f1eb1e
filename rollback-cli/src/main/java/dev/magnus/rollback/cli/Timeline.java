package dev.magnus.rollback.cli;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/*
 * A session's checkpoints in time order and the rollbacks between them, for `rollback timeline`. A
 * rollback is a RECOVERY_POINT labelled restoredFrom: its parent is the rollback's target, and the
 * PRE_ROLLBACK just before it holds the state the rollback left (the pre-rollback head). Each is a
 * Jump from that head back to the target; a target that retention deleted is named by id only. A
 * RECOVERY_POINT without the label (a recovery strategy's checkpoint after a replayed step) is a mark,
 * not a jump. Immutable.
 */
record Timeline(String session, List<Checkpoint> checkpoints, List<Jump> jumps) {
  /** A rollback: from the pre-rollback head (absent if not stored) back to the target (absent if deleted). */
  record Jump(Optional<Checkpoint> from, String targetId, Optional<Checkpoint> target, Checkpoint recoveryPoint) {}

  Timeline {
    checkpoints = List.copyOf(checkpoints);
    jumps = List.copyOf(jumps);
  }

  static Timeline of(String session, List<Checkpoint> stored) {
    List<Checkpoint> ordered = stored.stream().sorted(Comparator.comparingLong(Checkpoint::sequence)).toList();
    List<Jump> jumps = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      Checkpoint c = ordered.get(i);
      Optional<String> target = c.label(Checkpoint.RESTORED_FROM);
      if (c.type() != CheckpointType.RECOVERY_POINT || target.isEmpty()) {
        continue;
      }
      Optional<Checkpoint> from = i > 0 && ordered.get(i - 1).type() == CheckpointType.PRE_ROLLBACK
          ? Optional.of(ordered.get(i - 1)) : Optional.empty();
      jumps.add(new Jump(from, target.get(), ordered.stream().filter(t -> t.id().value().equals(target.get()))
          .findFirst(), c));
    }
    return new Timeline(session, ordered, jumps);
  }

  /** Return the time from the first checkpoint to this one. */
  Duration offset(Checkpoint c) {
    return Duration.between(checkpoints.get(0).createdAt(), c.createdAt());
  }

  /** Format an offset for a label: {@code +0.125 s}, {@code +12.5 s}, {@code +3 min 20 s}, {@code +2 h 5 min}. */
  static String offsetText(Duration d) {
    long ms = d.toMillis();
    if (ms < 60_000) {
      return String.format(java.util.Locale.ROOT, "+%.3f s", ms / 1000.0);
    }
    if (ms < 3_600_000) {
      return "+" + ms / 60_000 + " min " + ms % 60_000 / 1000 + " s";
    }
    return "+" + ms / 3_600_000 + " h " + ms % 3_600_000 / 60_000 + " min";
  }

  /** Return the jump whose recovery point is this checkpoint, if it is one. */
  Optional<Jump> jumpAt(Checkpoint c) {
    return jumps.stream().filter(j -> j.recoveryPoint().equals(c)).findFirst();
  }

  /** Describe a jump for a person: {@code rollback from #6 back to #5}. */
  static String describe(Jump j) {
    return "rollback from " + j.from().map(f -> "#" + f.sequence()).orElse("the head") + " back to "
        + j.target().map(t -> "#" + t.sequence()).orElse(j.targetId() + " (no longer stored)");
  }

  /** Describe where a forked session's SESSION_START came from: {@code forked from session 's-1' at ID}. */
  static Optional<String> forkOf(Checkpoint c) {
    return c.label(Checkpoint.FORKED_FROM).map(source -> "forked from session '" + source + "'"
        + c.label(Checkpoint.FORKED_FROM_CHECKPOINT).map(id -> " at " + id).orElse(""));
  }

  /** Return the timeline as JSON: the checkpoints with their offsets, and the jumps. */
  Map<String, Object> json() {
    List<Map<String, @Nullable Object>> marks = new ArrayList<>();
    for (Checkpoint c : checkpoints) {
      Map<String, @Nullable Object> m = VerifiedRead.descriptor(c);
      m.put("offsetMs", offset(c).toMillis());
      marks.add(m);
    }
    List<Map<String, @Nullable Object>> rollbacks = new ArrayList<>();
    for (Jump j : jumps) {
      Map<String, @Nullable Object> m = new LinkedHashMap<>();
      m.put("fromSequence", j.from().map(Checkpoint::sequence).orElse(null));
      m.put("fromId", j.from().map(f -> f.id().value()).orElse(null));
      m.put("toSequence", j.target().map(Checkpoint::sequence).orElse(null));
      m.put("toId", j.targetId());
      m.put("recoveryPointSequence", j.recoveryPoint().sequence());
      m.put("recoveryPointId", j.recoveryPoint().id().value());
      rollbacks.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("session", session);
    out.put("checkpoints", marks);
    out.put("rollbacks", rollbacks);
    checkpoints.get(0).label(Checkpoint.FORKED_FROM).ifPresent(source -> out.put("forkedFrom", Map.of("session",
        source, "checkpointId", checkpoints.get(0).label(Checkpoint.FORKED_FROM_CHECKPOINT).orElse(""))));
    return out;
  }
}
