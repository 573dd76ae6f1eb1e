package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.InvalidStateException;
import dev.magnus.rollback.JsonValues;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.StateUpcaster;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/*
 * The chain of StateUpcasters that brings a state read at an older schema version up to the engine's
 * state.schemaVersion, one step (n to n+1) at a time, on the attributes' JSON tree. Checked at start
 * (problems(): two steps from one version, a step from the target or beyond, a gap between the oldest
 * step and the target); a checkpoint older than the oldest step, or newer than the target, is refused
 * when it is read, naming both versions. Runs after the stored bytes were verified; never writes back.
 * Thread-safe: immutable, and upcasters are required to be stateless.
 */
final class Upcasters {
  private final int target;
  private final TreeMap<Integer, StateUpcaster> steps = new TreeMap<>();

  Upcasters(int target, Collection<StateUpcaster> all) {
    this.target = target;
    all.forEach(u -> steps.putIfAbsent(u.fromVersion(), u));
  }

  /** What is wrong with a set of steps for a target version, one line each. */
  static List<String> problems(int target, Collection<StateUpcaster> all) {
    List<String> problems = new ArrayList<>();
    TreeMap<Integer, StateUpcaster> byFrom = new TreeMap<>();
    for (StateUpcaster u : all) {
      StateUpcaster other = byFrom.putIfAbsent(u.fromVersion(), u);
      if (other != null) {
        problems.add("two upcasters from version " + u.fromVersion() + ": " + other.getClass().getName() + " and "
            + u.getClass().getName() + "; remove one");
      } else if (u.fromVersion() < 1 || u.fromVersion() >= target) {
        problems.add("upcaster " + u.getClass().getName() + " migrates from version " + u.fromVersion() + ", but "
            + "state.schemaVersion is " + target + ": steps go from 1 up to " + (target - 1)
            + "; raise state.schemaVersion or remove the step");
      }
    }
    if (!byFrom.isEmpty()) {
      for (int v = Math.max(1, byFrom.firstKey()); v < target; v++) {
        if (!byFrom.containsKey(v)) {
          problems.add("no upcaster from version " + v + " to " + (v + 1) + ", so checkpoints of version "
              + byFrom.firstKey() + " to " + v + " cannot reach state.schemaVersion " + target + ": add that step");
        }
      }
    }
    return problems;
  }

  /**
   * Bring a decoded state up to the target version.
   *
   * @return the state at the target version, and the version it was read at
   * @throws InvalidStateException if it is newer than the target, or a step is missing
   */
  SessionState upcast(StateCodec.Decoded decoded, Checkpoint c) {
    return upcast(decoded.state(), decoded.schemaVersion(), c);
  }

  /** Bring an older state up to the target version; a newer one is returned as it is (for tools that only show it). */
  SessionState upcastUpTo(SessionState state, int version, Checkpoint c) {
    return version > target ? state : upcast(state, version, c);
  }

  private SessionState upcast(SessionState s, int version, Checkpoint c) {
    if (version > target) {
      throw new InvalidStateException("checkpoint " + c.id() + " of session '" + c.sessionId() + "' was written with "
          + "state schema version " + version + ", newer than this engine's state.schemaVersion " + target
          + ": run the version of the application that wrote it (states are never downcast)", c.sessionId());
    }
    Map<String, Object> attributes = s.attributes();
    for (int v = version; v < target; v++) {
      StateUpcaster step = steps.get(v);
      if (step == null) {
        throw new InvalidStateException("checkpoint " + c.id() + " of session '" + c.sessionId() + "' has state schema "
            + "version " + version + " and no upcaster migrates version " + v + " to " + (v + 1) + " (the engine is at "
            + target + "): register a StateUpcaster from version " + v, c.sessionId());
      }
      attributes = JsonValues.copyObject(step.upcast(attributes));
    }
    return version == target ? s : new SessionState(s.sessionId(), s.metadata(), s.revision(), attributes);
  }
}
