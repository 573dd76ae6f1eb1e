package dev.magnus.rollback.store.file;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.store.file.CheckpointIndex.Entry;
import dev.magnus.rollback.store.file.GroupCommitWriter.Append;
import dev.magnus.rollback.store.file.GroupCommitWriter.Composite;
import dev.magnus.rollback.store.file.GroupCommitWriter.Delete;
import dev.magnus.rollback.store.file.GroupCommitWriter.DeleteSession;
import dev.magnus.rollback.store.file.GroupCommitWriter.Flush;
import dev.magnus.rollback.store.file.GroupCommitWriter.Maintain;
import dev.magnus.rollback.store.file.GroupCommitWriter.Op;
import dev.magnus.rollback.store.file.StoreHook.Step;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * Write one batch of operations at the end of the active segment, force it once, and apply it.
 *
 * <p>Design: the body of group commit, run by whichever thread currently leads in
 * {@link GroupCommitWriter}. A batch is processed in order: runs of appends and deletions are
 * committed together (encoded, copied into one reusable direct staging buffer, written with
 * positional writes, forced once under policy {@code always}, then applied to the index under the
 * write lock in log order, after which their futures complete); a {@link Maintain}, {@link Flush}
 * or stop request between them runs at its place. Deletion markers are encoded from the index as it
 * stands in log order, so the segments a marker points at are exact. The staging buffer exists
 * because any caller thread may lead: writing heap buffers would make the JDK cache a batch-sized
 * direct buffer in every thread that ever led; one buffer per store bounds that memory at
 * {@link #STAGE_BYTES}, and a batch that fits it costs one write call.
 *
 * <p>A batch whose write or force fails is never retried: its operations fail with a
 * {@link StoreException}, their reservations are released, the segment is truncated back to the
 * batch start (best effort) and sealed, and the next batch opens a new segment. A segment rolls
 * before a batch once it holds {@code segmentBytes}, so a batch never spans two segments and a
 * segment may exceed the limit by one batch. A channel closed by an interrupt of the leader during
 * I/O is reopened after the failure, so the records already in it stay readable.
 *
 * <p>Concurrency: used by one thread at a time (the leader); leadership passes under the writer's
 * lock, which publishes these fields to the next leader. The counters and {@link #dirty} are
 * volatile for the threads that only read them.
 */
final class BatchWriter {
  private static final System.Logger LOG = System.getLogger(BatchWriter.class.getName());
  static final int STAGE_BYTES = 256 << 10;

  /** One operation of a batch with its encoded record (null when it writes nothing). */
  private record Planned(Op op, ByteBuffer record, List<Long> targets) {}

  private final Settings settings;
  private final SegmentFiles files;
  private final CheckpointIndex index;
  private final ReadWriteLock lock;
  private final Compactor compactor;
  private Segment active;
  private long nextSegmentId;
  private boolean maintenanceDue;
  private ByteBuffer stage;
  volatile boolean dirty;
  volatile long forces;
  volatile long batches;
  volatile long appends;
  volatile long rolls;
  volatile long failedBatches;

  BatchWriter(Settings settings, SegmentFiles files, CheckpointIndex index, ReadWriteLock lock) {
    this.settings = settings;
    this.files = files;
    this.index = index;
    this.lock = lock;
    this.compactor = new Compactor(files, index, lock);
    this.active = index.segments.isEmpty() ? null : index.segments.lastEntry().getValue();
    this.nextSegmentId = index.segments.isEmpty() ? 1 : index.segments.lastKey() + 1;
  }

  Compactor compactor() {
    return compactor;
  }

  /** Process a batch in order; on return every operation's future is complete. */
  void process(List<Op> batch) {
    List<Op> flat = new ArrayList<>(batch.size() + 1);
    for (Op op : batch) {
      if (op instanceof Composite c) {
        flat.addAll(c.parts());
      } else {
        flat.add(op);
      }
    }
    try {
      processInOrder(flat);
    } catch (RuntimeException | Error e) {
      LOG.log(Level.ERROR, "file store writer failed on a batch; failing it", e);
      flat.forEach(op -> fail(op, e));
    }
    for (Op op : flat) {
      if (!op.done().isDone()) {
        fail(op, new IllegalStateException("the batch ended without completing this operation"));
      }
    }
    for (Op op : batch) {
      if (op instanceof Composite c) {
        c.done().complete(0); // each part carries its own outcome
      }
    }
  }

  /** Tell whether deleted segments or a roll left space to reclaim. */
  boolean maintenanceDue() {
    return maintenanceDue;
  }

  /** Delete dead segments and compact mostly-dead ones now; failures are logged, records stay intact. */
  void maintain() {
    maintain(null);
  }

  private void processInOrder(List<Op> batch) {
    List<Op> group = new ArrayList<>();
    for (Op op : batch) {
      if (op instanceof Append || op instanceof Delete || op instanceof DeleteSession) {
        group.add(op);
        continue;
      }
      commit(group);
      group.clear();
      if (op instanceof Maintain) {
        maintain(op);
      } else {
        forceIfDirty(op instanceof Flush ? "periodic" : "final");
        op.done().complete(0);
      }
    }
    commit(group);
  }

  private void forceIfDirty(String which) {
    if (!dirty || active == null || active.sealed) {
      dirty = false;
      return;
    }
    try {
      active.channel.force(false);
      forces++;
    } catch (IOException e) {
      LOG.log(Level.ERROR, which + " force of " + active + " failed; sealing it", e);
      reopenClosedChannels();
      active.sealed = true;
    }
    dirty = false;
  }

  private void commit(List<Op> group) {
    if (group.isEmpty()) {
      return;
    }
    Segment seg;
    try {
      seg = segmentForWrite();
    } catch (IOException | RuntimeException e) {
      group.forEach(op -> fail(op, e));
      return;
    }
    List<Planned> plan = plan(group, seg);
    long start = seg.size;
    try {
      write(seg, plan, start);
      files.hook.at(Step.BATCH_WRITTEN);
      if (settings.fsync() == FsyncPolicy.ALWAYS) {
        seg.channel.force(false);
        forces++;
      } else {
        dirty = true;
      }
    } catch (IOException | RuntimeException e) {
      failedBatches++;
      group.forEach(op -> fail(op, e));
      seal(seg, start, e);
      return;
    }
    List<Integer> results = apply(plan, seg, start);
    batches++;
    for (int i = 0; i < plan.size(); i++) {
      plan.get(i).op().done().complete(results.get(i));
    }
  }

  private List<Planned> plan(List<Op> group, Segment seg) {
    List<Planned> plan = new ArrayList<>(group.size());
    Set<String> appendedIds = new HashSet<>();
    Set<String> appendedSessions = new HashSet<>();
    lock.readLock().lock();
    try {
      for (Op op : group) {
        if (op instanceof Append a) {
          Checkpoint c = a.record().checkpoint();
          appendedIds.add(c.sessionId() + '\u0000' + c.id());
          appendedSessions.add(c.sessionId());
          plan.add(new Planned(op, Format.record(Format.CHECKPOINT, c.sequence(), a.meta(), a.record().payload()),
              List.of()));
        } else if (op instanceof Delete d) {
          plan.add(planDelete(d, seg, appendedIds));
        } else {
          plan.add(planSessionDelete((DeleteSession) op, seg, appendedSessions));
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    return plan;
  }

  private Planned planDelete(Delete d, Segment seg, Set<String> appendedIds) {
    List<CheckpointId> ids = new ArrayList<>();
    List<Long> targets = new ArrayList<>();
    for (CheckpointId id : d.ids()) {
      Entry e = index.get(d.sessionId(), id);
      if (e != null || appendedIds.contains(d.sessionId() + '\u0000' + id)) {
        ids.add(id);
        targets.add(e != null ? e.segment.id : seg.id);
      }
    }
    return ids.isEmpty() ? new Planned(d, null, List.of())
        : new Planned(d, Format.record(Format.TOMBSTONE, 0, Codec.tombstone(d.sessionId(), ids, targets), new byte[0]),
            targets);
  }

  private Planned planSessionDelete(DeleteSession d, Segment seg, Set<String> appendedSessions) {
    Set<Long> targets = new TreeSet<>(index.segmentsOf(d.sessionId()));
    if (appendedSessions.contains(d.sessionId())) {
      targets.add(seg.id);
    }
    List<Long> list = List.copyOf(targets);
    return list.isEmpty() ? new Planned(d, null, List.of())
        : new Planned(d, Format.record(Format.SESSION_DELETE, 0, Codec.sessionDelete(d.sessionId(), list),
            new byte[0]), list);
  }

  /** Copy the batch's records through the staging buffer to the segment, from {@code start} on. */
  private void write(Segment seg, List<Planned> plan, long start) throws IOException {
    if (stage == null) {
      stage = ByteBuffer.allocateDirect(STAGE_BYTES);
    }
    stage.clear();
    long at = start;
    for (Planned p : plan) {
      ByteBuffer src = p.record() == null ? null : p.record().duplicate();
      while (src != null && src.hasRemaining()) {
        if (!stage.hasRemaining()) {
          at = drain(seg, at);
        }
        int n = Math.min(stage.remaining(), src.remaining());
        stage.put(src.slice(src.position(), n));
        src.position(src.position() + n);
      }
    }
    drain(seg, at);
  }

  private long drain(Segment seg, long at) throws IOException {
    stage.flip();
    long end = at + stage.remaining();
    Segment.writeFully(seg.channel, stage, at);
    stage.clear();
    return end;
  }

  private List<Integer> apply(List<Planned> plan, Segment seg, long start) {
    List<Integer> results = new ArrayList<>(plan.size());
    long at = start;
    lock.writeLock().lock();
    try {
      for (Planned p : plan) {
        int length = p.record() == null ? 0 : p.record().limit();
        results.add(applyOne(p, seg, at, length));
        at += length;
      }
      seg.size = at;
    } finally {
      lock.writeLock().unlock();
    }
    return results;
  }

  private int applyOne(Planned p, Segment seg, long offset, int length) {
    if (p.record() == null) {
      return 0;
    }
    if (p.op() instanceof Append a) {
      Checkpoint c = a.record().checkpoint();
      index.release(c);
      index.add(new Entry(c, seg, offset, length));
      appends++;
      return 1;
    }
    seg.markerBytes += length;
    seg.markerTargets.addAll(p.targets());
    maintenanceDue = true;
    if (p.op() instanceof Delete d) {
      return (int) d.ids().stream().filter(id -> index.remove(d.sessionId(), id) != null).count();
    }
    return index.removeSession(((DeleteSession) p.op()).sessionId());
  }

  private Segment segmentForWrite() throws IOException {
    if (active != null && !active.sealed && active.size < settings.segmentBytes()) {
      return active;
    }
    forceIfDirty("pre-roll");
    Segment s = files.create(nextSegmentId++);
    lock.writeLock().lock();
    try {
      index.segments.put(s.id, s);
    } finally {
      lock.writeLock().unlock();
    }
    active = s;
    rolls++;
    maintenanceDue = true;
    return s;
  }

  private void seal(Segment seg, long start, Exception cause) {
    LOG.log(Level.ERROR, "write or force of a batch to " + seg + " failed; its appends failed and the segment is "
        + "sealed", cause);
    boolean interrupted = Thread.interrupted();
    try {
      reopenClosedChannels();
      seg.channel.truncate(start);
    } catch (IOException e) {
      LOG.log(Level.ERROR, "could not cut the failed batch off " + seg + "; recovery will check it on the next open", e);
    } finally {
      seg.sealed = true;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Reopen the segment channels that an interrupt closed: a {@link FileChannel} closes itself when
   * a thread blocked in it is interrupted, and the leader is a caller's thread.
   */
  private void reopenClosedChannels() {
    boolean interrupted = Thread.interrupted();
    lock.writeLock().lock();
    try {
      for (Segment s : index.segments.values()) {
        if (!s.channel.isOpen()) {
          try {
            s.channel = FileChannel.open(s.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            LOG.log(Level.WARNING, "reopened {0}, whose channel an interrupt closed", s);
          } catch (IOException e) {
            LOG.log(Level.ERROR, "could not reopen " + s + "; reads from it fail until the store is reopened", e);
          }
        }
      }
    } finally {
      lock.writeLock().unlock();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void maintain(Op request) {
    maintenanceDue = false;
    try {
      compactor.run(active);
      if (request != null) {
        request.done().complete(0);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "reclaiming space in " + files.dir + " failed; the records are intact", e);
      reopenClosedChannels();
      if (request != null) {
        fail(request, e);
      }
    }
  }

  private void fail(Op op, Throwable cause) {
    if (op instanceof Append a) {
      lock.writeLock().lock();
      try {
        index.release(a.record().checkpoint());
      } finally {
        lock.writeLock().unlock();
      }
    }
    op.done().completeExceptionally(new StoreException(describe(op) + " failed in the file store on " + files.dir
        + " (" + cause + "); it was not acknowledged. Check the disk, then retry", cause));
  }

  private static String describe(Op op) {
    if (op instanceof Append a) {
      Checkpoint c = a.record().checkpoint();
      return "append of checkpoint " + c.id() + " (session '" + c.sessionId() + "', sequence " + c.sequence() + ")";
    }
    if (op instanceof Delete d) {
      return "delete of " + d.ids().size() + " checkpoint(s) of session '" + d.sessionId() + "'";
    }
    if (op instanceof DeleteSession d) {
      return "delete of session '" + d.sessionId() + "'";
    }
    return op instanceof Maintain ? "space reclamation" : "force";
  }
}
