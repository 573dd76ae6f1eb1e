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
 * full snapshot or restorable backwards. Retention then spares, for any kept checkpoint that is
 * neither, its bases when they are all still stored, else the later checkpoints that link back to
 * it from a full snapshot, so that deleting never makes a kept checkpoint unrestorable. Not
 * thread-safe: one instance per plan.
 */
final class DeltaGraph {
  // keyed by the id's text: a label holds the text, and parsing every label into an id would cost more
  // than the whole plan (retention plans on every append of a long session)
  private final List<Checkpoint> live;
  private final List<CheckpointId> doomed;
  private final Map<String, Checkpoint> all = new HashMap<>();
  private final Map<String, Checkpoint> kept = new HashMap<>();
  private final Map<String, List<Checkpoint>> children = new HashMap<>();
  private final Map<String, List<Checkpoint>> stored = new HashMap<>(); // children among all live
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
    for (Checkpoint c : live) {
      String link = c.labels().get(Checkpoint.BASE);
      if (link != null) {
        stored.computeIfAbsent(link, k -> new ArrayList<>()).add(c);
        if (kept.containsKey(c.id().value())) {
          children.computeIfAbsent(link, k -> new ArrayList<>()).add(c);
        }
      }
    }
  }

  /** Return the doomed ids minus the bases some kept checkpoint needs, and whether any were spared. */
  Retention.Plan spare() {
    Set<String> needed = new HashSet<>();
    for (Checkpoint c : live) {
      if (kept.containsKey(c.id().value()) && !forward(c) && !backward(c) && !spareBases(c, needed)) {
        spareLinks(c, needed, new HashSet<>());
      }
    }
    List<CheckpointId> remaining = new ArrayList<>(doomed);
    boolean spared = remaining.removeIf(id -> needed.contains(id.value()));
    return new Retention.Plan(remaining, spared);
  }

  /** Spare the bases of {@code c} down to a full snapshot, if they are all stored; else spare nothing. */
  private boolean spareBases(Checkpoint c, Set<String> needed) {
    List<String> path = new ArrayList<>();
    Checkpoint x = c;
    for (String b = base(x); b != null; b = base(x)) {
      x = all.get(b);
      if (x == null || x.sequence() >= c.sequence()) {
        return false;
      }
      path.add(b);
    }
    needed.addAll(path);
    return true;
  }

  /**
   * Spare a path of later stored checkpoints linking back to {@code c} from a full snapshot (each
   * one's {@code rollback.base} is the one before it), if one exists; true when it did.
   */
  private boolean spareLinks(Checkpoint c, Set<String> needed, Set<String> seen) {
    for (Checkpoint child : stored.getOrDefault(c.id().value(), List.of())) {
      if (child.sequence() > c.sequence() && seen.add(child.id().value())
          && (!isDelta(child) || spareLinks(child, needed, seen))) {
        needed.add(child.id().value());
        return true;
      }
    }
    return false;
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
