package dev.magnus.rollback.tck;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointNotFoundException;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/*
 * The checkpoints of one scripted session: descriptors in order, the state each holds, which are
 * corrupt (load and restore fail the integrity check) and which cannot be restored (a store failure).
 * Ids are "<prefix>-<sequence>", the prefix chosen by the script, so sessions and recoveries can have
 * ids that differ. Not thread-safe: ScriptedRecoveryContext calls it under its own lock.
 */
final class ScriptedHistory {
  private static final String INVALID = "invalid";

  private final String sessionId;
  private final String idPrefix;
  private final ManualClock clock;
  private final List<Checkpoint> checkpoints = new ArrayList<>();
  private final Map<CheckpointId, SessionState> states = new HashMap<>();
  private final Set<CheckpointId> corrupt = new HashSet<>();
  private final Set<CheckpointId> unrestorable = new HashSet<>();
  private final int scriptedCount;

  ScriptedHistory(RecoveryScript script, ManualClock clock) {
    this.sessionId = script.sessionId;
    this.idPrefix = script.idPrefix;
    this.clock = clock;
    for (RecoveryScript.Scripted s : script.scripted) {
      CheckpointType type = s.type() != null ? s.type()
          : checkpoints.isEmpty() ? CheckpointType.SESSION_START : CheckpointType.USER_REQUESTED;
      Checkpoint c = append(type, s.label(), state(s.label(), s.kind() == RecoveryScript.Kind.INVALID), Map.of());
      if (s.kind() == RecoveryScript.Kind.CORRUPT) {
        corrupt.add(c.id());
      }
    }
    scriptedCount = checkpoints.size();
    for (String label : script.unrestorable) {
      unrestorable.add(idOf(label));
    }
  }

  SessionState state(String label, boolean invalid) {
    SessionMetadata meta = SessionMetadata.of("tck-user", "test", "1", List.of(), TckCheckpoints.EPOCH);
    Map<String, Object> attributes = new HashMap<>();
    attributes.put(ScriptedRecoveryContext.LABEL, label);
    attributes.put(INVALID, invalid);
    return new SessionState(sessionId, meta, 0, attributes);
  }

  static boolean invalid(SessionState state) {
    return Boolean.TRUE.equals(state.attributes().get(INVALID));
  }

  Checkpoint append(CheckpointType type, String description, SessionState state, Map<String, String> labels) {
    long seq = checkpoints.size() + 1L;
    Optional<CheckpointId> parent = checkpoints.isEmpty() ? Optional.empty()
        : Optional.of(checkpoints.get(checkpoints.size() - 1).id());
    Checkpoint c = new Checkpoint(CheckpointId.of(idPrefix + "-" + seq), sessionId, seq, parent, type, description,
        clock.instant(), labels, "e".repeat(64), "f".repeat(64), 0, 0, Compression.NONE);
    checkpoints.add(c);
    states.put(c.id(), state);
    return c;
  }

  /** The state of a checkpoint that passes the integrity check. */
  SessionState verified(CheckpointId id) {
    SessionState s = states.get(Objects.requireNonNull(id, "id"));
    if (s == null) {
      throw new CheckpointNotFoundException("checkpoint " + id + " is not in session " + sessionId);
    }
    if (corrupt.contains(id)) {
      throw new IntegrityViolationException("checkpoint " + id + " fails its hash check (scripted corruption)");
    }
    return s;
  }

  boolean unrestorable(CheckpointId id) {
    return unrestorable.contains(id);
  }

  CheckpointId idOf(String label) {
    return checkpoints.stream().filter(c -> c.description().equals(label)).findFirst().map(Checkpoint::id)
        .orElseThrow(() -> new IllegalArgumentException("no checkpoint labelled " + label));
  }

  Checkpoint descriptor(CheckpointId id) {
    return checkpoints.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  SessionState stateOf(CheckpointId id) {
    SessionState s = states.get(Objects.requireNonNull(id, "id"));
    if (s == null) {
      throw new IllegalArgumentException("no checkpoint " + id + " in session " + sessionId);
    }
    return s;
  }

  List<Checkpoint> all() {
    return List.copyOf(checkpoints);
  }

  List<Checkpoint> written() {
    return List.copyOf(checkpoints.subList(scriptedCount, checkpoints.size()));
  }
}
