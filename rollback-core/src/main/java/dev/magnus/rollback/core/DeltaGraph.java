package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decide, from descriptors alone, which checkpoints stay restorable when retention deletes some: a
 * kept checkpoint is restorable forwards when its delta bases, down to a full snapshot, are all kept,
 * and backwards when a kept later checkpoint links to it (its {@code rollback.base}) and is itself a
 * full snapshot or restorable backwards. Retention then spares the bases of any kept checkpoint that
 * is neither, so that deleting never makes a kept checkpoint unrestorable. Not thread-safe: one
 * instance per plan.
 */
final class DeltaGraph {
  // keyed by the id's text: a label holds the text, and parsing every label into an id would cost more
  // than the whole plan (retention plans on every append of a long session)
  private final List<Checkpoint> live;
  private final List<CheckpointId> doomed;
  private final Map<String, Checkpoint> all = new HashMap<>();
  private final Map<String, Checkpoint> kept = new HashMap<>();
  private final Map<String, List<Checkpoint>> children = new HashMap<>();
  private final Map<String, Boolean> forward = new HashMap<>();
  private final Map<String, Boolean> backward = new HashMap<>();

  DeltaGraph(List<Checkpoint> live, List<CheckpointId> doomed) {
    this.live = live;
    this.doomed = doomed;
    Set<String> gone = new HashSet<>();
    doomed.forEach(id -> gone.add(id.value()));
    for (Checkpoint c : live) {
      all.put(c.id().value(), c);
      if (!gone.contains(c.id().value())) {
        kept.put(c.id().value(), c);
      }
    }
    for (Checkpoint c : kept.values()) {
      String link = c.labels().get(Checkpoint.BASE);
      if (link != null) {
        children.computeIfAbsent(link, k -> new ArrayList<>()).add(c);
      }
    }
  }

  /** Return the doomed ids minus the bases some kept checkpoint needs, and whether any were spared. */
  Retention.Plan spare() {
    Set<String> needed = new HashSet<>();
    for (Checkpoint c : live) {
      if (kept.containsKey(c.id().value()) && !forward(c) && !backward(c)) {
        for (String b = base(c); b != null && needed.add(b); ) {
          Checkpoint next = all.get(b);
          b = next == null ? null : base(next);
        }
      }
    }
    List<CheckpointId> remaining = new ArrayList<>(doomed);
    boolean spared = remaining.removeIf(id -> needed.contains(id.value()));
    return new Retention.Plan(remaining, spared);
  }

  private boolean forward(Checkpoint c) {
    Boolean known = forward.get(c.id().value());
    if (known != null) {
      return known;
    }
    String b = base(c);
    Checkpoint parent = b == null ? null : kept.get(b);
    boolean ok = !isDelta(c) || (parent != null && parent.sequence() < c.sequence() && forward(parent));
    forward.put(c.id().value(), ok);
    return ok;
  }

  private boolean backward(Checkpoint c) {
    String id = c.id().value();
    Boolean known = backward.get(id);
    if (known != null) {
      return known;
    }
    backward.put(id, false);
    boolean ok = false;
    for (Checkpoint child : children.getOrDefault(id, List.of())) {
      if (child.sequence() > c.sequence() && (!isDelta(child) || backward(child))) {
        ok = true;
        break;
      }
    }
    backward.put(id, ok);
    return ok;
  }

  private static boolean isDelta(Checkpoint c) {
    return Checkpoint.DELTA.equals(c.labels().get(Checkpoint.ENCODING));
  }

  /** The id (text) of the base a delta's payload patches; null for a full snapshot. */
  private static @Nullable String base(Checkpoint c) {
    return isDelta(c) ? c.labels().get(Checkpoint.BASE) : null;
  }
}
