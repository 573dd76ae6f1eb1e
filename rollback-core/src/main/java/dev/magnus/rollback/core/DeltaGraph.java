package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decide, from descriptors alone, which checkpoints stay restorable when retention deletes some: a
 * kept checkpoint is restorable forwards when its delta bases, down to a full snapshot, are all kept,
 * and backwards when a kept later checkpoint links to it (its {@code rollback.base}) and is itself a
 * full snapshot or restorable backwards. Retention then spares the bases of any kept checkpoint that
 * is neither, so that deleting never makes a kept checkpoint unrestorable. Not thread-safe: one
 * instance per plan.
 */
final class DeltaGraph {
  private final List<Checkpoint> live;
  private final List<CheckpointId> doomed;
  private final Map<CheckpointId, Checkpoint> all = new HashMap<>();
  private final Map<CheckpointId, Checkpoint> kept = new HashMap<>();
  private final Map<CheckpointId, List<Checkpoint>> children = new HashMap<>();
  private final Map<CheckpointId, Boolean> forward = new HashMap<>();
  private final Map<CheckpointId, Boolean> backward = new HashMap<>();

  DeltaGraph(List<Checkpoint> live, List<CheckpointId> doomed) {
    this.live = live;
    this.doomed = doomed;
    Set<CheckpointId> gone = new HashSet<>(doomed);
    for (Checkpoint c : live) {
      all.put(c.id(), c);
      if (!gone.contains(c.id())) {
        kept.put(c.id(), c);
      }
    }
    for (Checkpoint c : kept.values()) {
      link(c).ifPresent(l -> children.computeIfAbsent(l, k -> new ArrayList<>()).add(c));
    }
  }

  /** Return the doomed ids minus the bases some kept checkpoint needs, and whether any were spared. */
  Retention.Plan spare() {
    Set<CheckpointId> needed = new HashSet<>();
    for (Checkpoint c : live) {
      if (kept.containsKey(c.id()) && !forward(c) && !backward(c)) {
        for (Optional<CheckpointId> b = base(c); b.isPresent() && needed.add(b.get()); ) {
          Checkpoint next = all.get(b.get());
          b = next == null ? Optional.empty() : base(next);
        }
      }
    }
    List<CheckpointId> remaining = new ArrayList<>(doomed);
    boolean spared = remaining.removeIf(needed::contains);
    return new Retention.Plan(remaining, spared);
  }

  private boolean forward(Checkpoint c) {
    Boolean known = forward.get(c.id());
    if (known != null) {
      return known;
    }
    Optional<CheckpointId> b = base(c);
    boolean ok = !isDelta(c) || (b.isPresent() && kept.containsKey(b.get())
        && kept.get(b.get()).sequence() < c.sequence() && forward(kept.get(b.get())));
    forward.put(c.id(), ok);
    return ok;
  }

  private boolean backward(Checkpoint c) {
    Boolean known = backward.get(c.id());
    if (known != null) {
      return known;
    }
    backward.put(c.id(), false);
    boolean ok = false;
    for (Checkpoint child : children.getOrDefault(c.id(), List.of())) {
      if (child.sequence() > c.sequence() && (!isDelta(child) || backward(child))) {
        ok = true;
        break;
      }
    }
    backward.put(c.id(), ok);
    return ok;
  }

  private static boolean isDelta(Checkpoint c) {
    return Checkpoint.DELTA.equals(c.labels().get(Checkpoint.ENCODING));
  }

  /** The base a delta's payload patches; empty for a full snapshot or a damaged label. */
  private static Optional<CheckpointId> base(Checkpoint c) {
    return isDelta(c) ? link(c) : Optional.empty();
  }

  /** The checkpoint a delta or a linked full snapshot can be traced back to. */
  private static Optional<CheckpointId> link(Checkpoint c) {
    String value = c.labels().get(Checkpoint.BASE);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(CheckpointId.of(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a damaged label: restoring through it fails anyway, naming the label
    }
  }
}
