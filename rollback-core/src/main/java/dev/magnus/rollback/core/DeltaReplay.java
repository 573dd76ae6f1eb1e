package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Rebuild and verify the state of one checkpoint from the records it depends on.
 *
 * <p>Forwards first: a delta's {@code rollback.base} label leads to its base, and so on down to a full
 * snapshot; the snapshot is verified, then each patch applied in order and each reconstructed state
 * checked against that checkpoint's state hash, each descriptor against its base's chain hash. When a
 * base is no longer stored (retention deleted it once a later full snapshot made it unnecessary),
 * backwards: from the nearest later full snapshot whose links lead back to the checkpoint, each
 * record's patch undone in turn. Damage in any record read is reported as damage of that record,
 * named, since every checkpoint that depends on it is unrestorable. One instance per verification.
 */
final class DeltaReplay {
  private final CheckpointCodec codec;
  private final boolean verify;

  DeltaReplay(CheckpointCodec codec, boolean verify) {
    this.codec = codec;
    this.verify = verify;
  }

  CheckpointCodec.Verified verify(CheckpointRecord record, Optional<String> parentChainHash,
      Bases bases) {
    Optional<List<CheckpointRecord>> forward = forwardChain(record, bases);
    CheckpointCodec.Verified v = forward.isPresent() ? forward(forward.get()) : backward(record, bases);
    codec.checkChain(record.checkpoint(), parentChainHash);
    return v;
  }

  /** Return the record and its bases down to a full snapshot (last), or empty when a base is not stored. */
  private Optional<List<CheckpointRecord>> forwardChain(CheckpointRecord record, Bases bases) {
    List<CheckpointRecord> chain = new ArrayList<>();
    chain.add(record);
    CheckpointRecord current = record;
    while (isDelta(current.checkpoint())) {
      Checkpoint c = current.checkpoint();
      CheckpointId baseId = baseOf(c, record.checkpoint());
      Optional<CheckpointRecord> base = bases.read(baseId);
      if (base.isEmpty()) {
        return Optional.empty();
      }
      if (base.get().checkpoint().sequence() >= c.sequence()) {
        throw blamed(record.checkpoint(), c, "its delta base " + baseId + " has sequence "
            + base.get().checkpoint().sequence() + ", not below its own " + c.sequence());
      }
      chain.add(base.get());
      current = base.get();
    }
    return Optional.of(chain);
  }

  /**
   * Replay a chain forwards. The full snapshot's hash and every descriptor's chain hash are checked on
   * the way, but only the last reconstructed state's hash: it alone proves the restored state exact.
   * When it does not match, the chain is replayed again checking every intermediate state, to name the
   * record that is damaged.
   */
  private CheckpointCodec.Verified forward(List<CheckpointRecord> chain) {
    if (chain.size() == 1) {
      return codec.full(chain.get(0), verify);
    }
    CheckpointCodec.Verified v = accumulated(chain);
    Checkpoint top = chain.get(0).checkpoint();
    if (!verify || codec.holds(top, v)) {
      return v;
    }
    stepByStep(chain); // throws, naming the first record whose reconstructed state does not match
    throw codec.hashMismatch(top, "the state its patch reconstructs");
  }

  /**
   * Replay a chain building the state once ({@link StatePatch#applyAll}): the full snapshot verified,
   * each patch decoded and each descriptor's chain hash checked in order; when a patch does not apply,
   * the step-by-step replay names the record. On the way, the state of the record {@code maxChain} − 2
   * deltas from the snapshot is built too: a RECOVERY_POINT to this target can be a short delta on it
   * (it is in the target's chain, so retention keeps it while the target is kept). It is not checked
   * against its own hash; a patch computed on it is checked when it is restored, through the same chain.
   */
  private CheckpointCodec.Verified accumulated(List<CheckpointRecord> chain) {
    Checkpoint top = chain.get(0).checkpoint();
    CheckpointRecord first = chain.get(chain.size() - 1);
    CheckpointCodec.Verified root;
    List<StatePatch.Delta> patches = new ArrayList<>(chain.size() - 1);
    try {
      root = codec.full(first, verify);
    } catch (CheckpointViolation e) {
      throw damaged(top, first.checkpoint(), "its delta base", e.problem());
    }
    for (int i = chain.size() - 2; i >= 0; i--) {
      StatePatch.Delta patch = link(chain, i, root.schemaVersion());
      if (patch == null) {
        return stepByStep(chain); // it words the problem and names the record
      }
      patches.add(patch);
    }
    // built in two parts: the state of the ancestor a RECOVERY_POINT can hang on, then the target's
    int k = Math.min(patches.size(), Math.max(0, codec.maxChain() - 2));
    SessionState ancestor;
    SessionState state;
    try {
      ancestor = k == 0 ? root.state() : StatePatch.applyAll(root.state(), patches.subList(0, k));
      state = k == patches.size() ? ancestor : StatePatch.applyAll(ancestor, patches.subList(k, patches.size()));
    } catch (IllegalArgumentException | dev.magnus.rollback.InvalidStateException e) {
      return stepByStep(chain); // it names the delta that does not apply
    }
    CheckpointCodec.Base rootBase = Objects.requireNonNull(root.base());
    CheckpointCodec.Base ancestorBase = k == 0 ? rootBase : new CheckpointCodec.Base(
        chain.get(chain.size() - 1 - k).checkpoint().id(), ancestor, root.schemaVersion(), rootBase.leaves(), k);
    return new CheckpointCodec.Verified(state, root.schemaVersion(), new CheckpointCodec.Base(top.id(), state,
        root.schemaVersion(), rootBase.leaves(), patches.size()), ancestorBase);
  }

  /**
   * Return the patch of record {@code i} of a chain, its descriptor checked against its base's chain
   * hash, or null when it is of another session or schema version. A record read back exactly as this
   * engine appended it ({@link RecentPatches}) is neither decoded nor chain-hashed again.
   */
  private StatePatch.@Nullable Delta link(List<CheckpointRecord> chain, int i, int schemaVersion) {
    Checkpoint c = chain.get(i).checkpoint();
    try {
      Optional<String> parent = parentChain(c, chain.get(i + 1).checkpoint());
      StatePatch.Delta recalled = verify ? codec.recent().recall(chain.get(i), parent) : null;
      // with the final state's hash checked, a damaged patch shows there: the tests are read only to blame
      StatePatch.Delta patch = recalled != null ? recalled : codec.patchOf(chain.get(i), !verify, verify);
      if (!patch.sessionId().equals(c.sessionId()) || patch.schemaVersion() != schemaVersion) {
        return null;
      }
      if (recalled == null) {
        codec.checkChain(c, parent);
      }
      return patch;
    } catch (CheckpointViolation e) {
      throw i == 0 ? e : damaged(chain.get(0).checkpoint(), c, "its delta base", e.problem());
    }
  }

  /** Replay a chain one record at a time, checking each reconstructed state: the slow path that names a damaged record. */
  private CheckpointCodec.Verified stepByStep(List<CheckpointRecord> chain) {
    Checkpoint top = chain.get(0).checkpoint();
    CheckpointCodec.Verified v = null;
    for (int i = chain.size() - 1; i >= 0; i--) {
      CheckpointRecord r = chain.get(i);
      Checkpoint c = r.checkpoint();
      try {
        if (v == null) {
          v = codec.full(r, verify);
        } else {
          v = codec.apply(c, v, codec.patchOf(r, true, verify), verify, Objects.requireNonNull(v.base()).chain() + 1);
          codec.checkChain(c, parentChain(c, chain.get(i + 1).checkpoint()));
        }
      } catch (CheckpointViolation e) {
        throw i == 0 ? e : damaged(top, c, "its delta base", e.problem());
      }
    }
    return Objects.requireNonNull(v);
  }

  /**
   * Rebuild from a later full snapshot: find the shortest path of links from the record to one, verify
   * it, then undo each link's patch down to the record.
   */
  private CheckpointCodec.Verified backward(CheckpointRecord record, Bases bases) {
    Checkpoint top = record.checkpoint();
    List<Checkpoint> path = pathToLaterFull(top, bases.live());
    if (path.isEmpty()) {
      CheckpointId baseId = baseOf(top, top);
      throw new CheckpointViolation(top, "its delta base " + baseId + " is not stored and no later full "
          + "snapshot links back to it, so its state cannot be reconstructed", baseId);
    }
    List<CheckpointRecord> records = new ArrayList<>(path.size());
    for (Checkpoint c : path) {
      records.add(bases.read(c.id()).orElseThrow(() -> new CheckpointViolation(top, "checkpoint " + c.id()
          + ", which its state is rebuilt from, vanished while it was read", c.id())));
    }
    CheckpointCodec.Verified v = null;
    for (int i = records.size() - 1; i >= 0; i--) {
      Checkpoint later = records.get(i).checkpoint();
      Checkpoint earlier = i == 0 ? top : records.get(i - 1).checkpoint();
      try {
        v = v == null ? codec.full(records.get(i), verify) : v;
        codec.checkChain(later, parentChain(later, earlier));
        v = codec.apply(earlier, v, StatePatch.inverse(codec.patchOf(records.get(i), true, verify)), verify, codec.maxChain());
      } catch (CheckpointViolation e) {
        throw damaged(top, e.problem().startsWith("its patch does not apply") || later == top ? earlier : later,
            "the checkpoint its state is rebuilt from", e.problem());
      } catch (IllegalArgumentException e) {
        throw damaged(top, later, "the checkpoint its state is rebuilt from", String.valueOf(e.getMessage()));
      }
    }
    return Objects.requireNonNull(v);
  }

  /** Return the shortest chain of later checkpoints, each linked to the one before, ending at a full snapshot. */
  private static List<Checkpoint> pathToLaterFull(Checkpoint from, List<Checkpoint> live) {
    Map<CheckpointId, List<Checkpoint>> children = new HashMap<>();
    for (Checkpoint c : live) {
      String link = c.labels().get(Checkpoint.BASE);
      if (link != null && c.sequence() > from.sequence()) {
        children.computeIfAbsent(CheckpointId.of(link), k -> new ArrayList<>()).add(c);
      }
    }
    Map<CheckpointId, Checkpoint> cameFrom = new HashMap<>();
    ArrayDeque<Checkpoint> queue = new ArrayDeque<>(List.of(from));
    while (!queue.isEmpty()) {
      Checkpoint c = queue.removeFirst();
      for (Checkpoint child : children.getOrDefault(c.id(), List.of())) {
        if (cameFrom.putIfAbsent(child.id(), c) != null) {
          continue;
        }
        if (Checkpoint.FULL.equals(child.labels().get(Checkpoint.ENCODING))) {
          return pathBack(child, from, cameFrom);
        }
        queue.addLast(child);
      }
    }
    return List.of();
  }

  private static List<Checkpoint> pathBack(Checkpoint end, Checkpoint from, Map<CheckpointId, Checkpoint> cameFrom) {
    List<Checkpoint> path = new ArrayList<>();
    for (Checkpoint c = end; c != from; c = Objects.requireNonNull(cameFrom.get(c.id()))) {
      path.add(0, c);
    }
    return path;
  }

  private static Optional<String> parentChain(Checkpoint c, Checkpoint candidate) {
    return c.parentId().equals(Optional.of(candidate.id())) ? Optional.of(candidate.chainHash()) : Optional.empty();
  }

  private static boolean isDelta(Checkpoint c) {
    return Checkpoint.DELTA.equals(c.labels().get(Checkpoint.ENCODING));
  }

  private static CheckpointId baseOf(Checkpoint c, Checkpoint top) {
    String base = c.labels().get(Checkpoint.BASE);
    try {
      return CheckpointId.of(String.valueOf(base));
    } catch (IllegalArgumentException e) {
      throw blamed(top, c, "it is a delta whose " + Checkpoint.BASE + " label is " + base + ", not a checkpoint id");
    }
  }

  private static CheckpointViolation blamed(Checkpoint top, Checkpoint c, String problem) {
    return c == top ? new CheckpointViolation(c, problem) : damaged(top, c, "its delta base", problem);
  }

  private static CheckpointViolation damaged(Checkpoint top, Checkpoint bad, String role, String problem) {
    if (bad == top) {
      return new CheckpointViolation(top, problem);
    }
    return new CheckpointViolation(top, role + " " + bad.id() + " (sequence " + bad.sequence() + ") is damaged: "
        + problem + ". Every checkpoint whose state is rebuilt through " + bad.id() + " is unrestorable; roll back to "
        + "a checkpoint that does not depend on it", bad.id());
  }
}
