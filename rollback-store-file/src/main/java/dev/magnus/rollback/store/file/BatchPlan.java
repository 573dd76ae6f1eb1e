package dev.magnus.rollback.store.file;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.store.file.CheckpointIndex.Entry;
import dev.magnus.rollback.store.file.Codec.Target;
import dev.magnus.rollback.store.file.GroupCommitWriter.Append;
import dev.magnus.rollback.store.file.GroupCommitWriter.Delete;
import dev.magnus.rollback.store.file.GroupCommitWriter.DeleteSession;
import dev.magnus.rollback.store.file.GroupCommitWriter.Op;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * Frame the records of a group of appends and deletions for the places they will occupy at the end
 * of the active segment.
 *
 * <p>Design: each record is framed for its exact offset (its header CRC is bound to it). Deletion
 * markers are encoded from the index as it stands, in log order: a deletion of a checkpoint appended
 * earlier in the same group targets the active segment, so the segments a marker points at are
 * exact; a deletion that finds nothing live writes nothing. Reads the index under its read lock;
 * stateless otherwise.
 */
final class BatchPlan {
  /** One operation of a batch with its framed record (null when it writes nothing). */
  record Planned(Op op, ByteBuffer record, List<Target> targets) {}

  private BatchPlan() {}

  /** Return the framed records of every framed record of a plan, in order. */
  static List<ByteBuffer> records(List<Planned> plan) {
    List<ByteBuffer> records = new ArrayList<>(plan.size());
    for (Planned p : plan) {
      if (p.record() != null) {
        records.add(p.record());
      }
    }
    return records;
  }

  static List<Planned> plan(List<Op> group, Segment seg, long start, CheckpointIndex index, ReadWriteLock lock) {
    List<Planned> plan = new ArrayList<>(group.size());
    Map<CheckpointId, String> appendedIds = new HashMap<>(); // id -> session
    Set<String> appendedSessions = new HashSet<>();
    long at = start;
    lock.readLock().lock();
    try {
      for (Op op : group) {
        Planned p;
        if (op instanceof Append a) {
          Checkpoint c = a.record().checkpoint();
          appendedIds.put(c.id(), c.sessionId());
          appendedSessions.add(c.sessionId());
          p = new Planned(op, Format.bind(a.framed(), seg.header, at), List.of());
        } else if (op instanceof Delete d) {
          p = planDelete(d, seg, at, appendedIds, index);
        } else {
          p = planSessionDelete((DeleteSession) op, seg, at, appendedSessions, index);
        }
        plan.add(p);
        at += p.record() == null ? 0 : p.record().remaining();
      }
    } finally {
      lock.readLock().unlock();
    }
    return plan;
  }

  private static Planned planDelete(Delete d, Segment seg, long at, Map<CheckpointId, String> appendedIds,
      CheckpointIndex index) {
    List<CheckpointId> ids = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    for (CheckpointId id : d.ids()) {
      Entry e = index.get(d.sessionId(), id);
      if (e != null || d.sessionId().equals(appendedIds.get(id))) {
        ids.add(id);
        targets.add(e != null ? e.segment.asTarget() : seg.asTarget());
      }
    }
    return ids.isEmpty() ? new Planned(d, null, List.of())
        : new Planned(d, Format.record(seg.header, at, Format.TOMBSTONE, (byte) 0, 0, Codec.tombstone(d.sessionId(),
            ids, targets), new byte[0]), targets);
  }

  private static Planned planSessionDelete(DeleteSession d, Segment seg, long at, Set<String> appendedSessions,
      CheckpointIndex index) {
    Set<Target> targets = new LinkedHashSet<>();
    for (long id : index.segmentsOf(d.sessionId())) {
      targets.add(index.segments.get(id).asTarget());
    }
    if (appendedSessions.contains(d.sessionId())) {
      targets.add(seg.asTarget());
    }
    List<Target> list = List.copyOf(targets);
    return list.isEmpty() ? new Planned(d, null, List.of())
        : new Planned(d, Format.record(seg.header, at, Format.SESSION_DELETE, (byte) 0, 0,
            Codec.sessionDelete(d.sessionId(), list), new byte[0]), list);
  }
}
