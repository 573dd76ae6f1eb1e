package dev.magnus.rollback.store.file;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.store.file.CheckpointIndex.Entry;
import dev.magnus.rollback.store.file.GroupCommitWriter.Append;
import dev.magnus.rollback.store.file.GroupCommitWriter.Composite;
import dev.magnus.rollback.store.file.GroupCommitWriter.Delete;
import dev.magnus.rollback.store.file.GroupCommitWriter.DeleteSession;
import dev.magnus.rollback.store.file.GroupCommitWriter.Flush;
import dev.magnus.rollback.store.file.GroupCommitWriter.Maintain;
import dev.magnus.rollback.store.file.GroupCommitWriter.Op;
import dev.magnus.rollback.store.file.GroupCommitWriter.Stop;
import dev.magnus.rollback.store.file.StoreHook.Step;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * Write one batch of operations at the end of the active segment, force it once, and apply it.
 *
 * <p>Design: the body of group commit, run by whichever thread currently leads in
 * {@link GroupCommitWriter}. A batch is processed in order: runs of appends and deletions are
 * committed together (framed for the offsets they will occupy, copied into one reusable direct
 * staging buffer, written with positional writes, forced once under policy {@code always}, then
 * applied to the index under the write lock in log order, after which their futures complete); a
 * {@link Maintain}, {@link Flush} or {@link Stop} between them runs at its place. Deletion markers are
 * encoded from the index as it stands in log order, so the segments a marker points at are exact.
 * The staging buffer exists because any caller thread may lead: writing heap buffers would make the
 * JDK cache a batch-sized direct buffer in every thread that ever led; one buffer per store bounds
 * that memory at {@link #STAGE_BYTES}.
 *
 * <p>A batch whose write or force fails is never retried and never resurfaces: its operations fail
 * with a {@link StoreException}, their reservations are released, and {@link ActiveSegment#abandon}
 * cuts the segment back to the batch start and forces that before anything else is written (or stops
 * the store taking writes if it cannot). Interrupts of the leading thread do not fail a batch
 * ({@link ActiveSegment} repeats the I/O). A segment rolls before a batch once it holds
 * {@code segmentBytes}, so a batch never spans two segments.
 *
 * <p>Concurrency: used by one thread at a time (the leader); leadership passes under the writer's
 * lock, which publishes these fields to the next leader. The counters and {@link #dirty} are
 * volatile for the threads that only read them.
 */
final class BatchWriter {
  private static final System.Logger LOG = System.getLogger(BatchWriter.class.getName());
  static final int STAGE_BYTES = 256 << 10;


  private final Settings settings;
  private final SegmentFiles files;
  private final CheckpointIndex index;
  private final ReadWriteLock lock;
  private final ActiveSegment active;
  private final Compactor compactor;
  // Confined to the leading writer (leadership passes under GroupCommitWriter's gate): maintenanceDue,
  // stopped, stage. The index is changed under lock's write lock, which readers take to read it.
  private boolean maintenanceDue;
  private boolean stopped;
  private ByteBuffer stage;
  volatile boolean dirty;
  volatile long forces;
  volatile long batches;
  volatile long appends;
  volatile long failedBatches;
  /** Told of each group commit and force; registered through the store's addListener. */
  final StoreListeners listeners = new StoreListeners();

  BatchWriter(Settings settings, SegmentFiles files, CheckpointIndex index, ReadWriteLock lock, ActiveSegment active,
      ReadChannels readers) {
    this.settings = settings;
    this.files = files;
    this.index = index;
    this.lock = lock;
    this.active = active;
    this.compactor = new Compactor(settings, files, index, lock, active, readers, this);
    this.maintenanceDue = true;
  }

  Compactor compactor() {
    return compactor;
  }

  ActiveSegment active() {
    return active;
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
    return maintenanceDue && !stopped;
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
      } else if (op instanceof Stop) {
        stop(op);
      } else {
        forceIfDirty();
        op.done().complete(0);
      }
    }
    commit(group);
  }

  private void forceIfDirty() {
    if (!dirty || active.segment() == null || active.failed()) {
      dirty = false;
      return;
    }
    try {
      long started = System.nanoTime();
      active.force();
      forces++;
      listeners.forced(System.nanoTime() - started);
    } catch (IOException e) {
      LOG.log(Level.ERROR, "periodic force of " + active.segment() + " failed; the data since the last force may "
          + "be lost in a crash", e);
    }
    dirty = false;
  }

  private void stop(Op op) {
    stopped = true;
    forceIfDirty();
    try {
      active.close();
      op.done().complete(0);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.ERROR, "sealing " + active.segment() + " on close failed; the next open treats it as after a "
          + "crash", e);
      op.done().complete(0);
    }
  }

  private void commit(List<Op> group) {
    if (group.isEmpty()) {
      return;
    }
    Segment seg;
    try {
      if (stopped) {
        throw new IllegalStateException("the store is closing");
      }
      seg = active.forWrite();
    } catch (IOException | RuntimeException e) {
      group.forEach(op -> fail(op, e));
      return;
    }
    long start = seg.size;
    List<BatchPlan.Planned> plan = BatchPlan.plan(group, seg, start, index, lock);
    try {
      long end = write(plan, start);
      files.hook.at(Step.BATCH_WRITTEN);
      forceWritten();
      active.committed(BatchPlan.records(plan), end);
    } catch (IOException | RuntimeException e) {
      failedBatches++;
      active.abandon(start, e);
      group.forEach(op -> fail(op, e));
      return;
    }
    List<Integer> results = apply(plan, seg, start);
    batches++;
    listeners.groupCommitted(plan.size());
    for (int i = 0; i < plan.size(); i++) {
      plan.get(i).op().done().complete(results.get(i));
    }
  }

  /** Force the batch just written under policy always, reporting the force's time; else only mark it unforced. */
  private void forceWritten() throws IOException {
    if (settings.fsync() != FsyncPolicy.ALWAYS) {
      dirty = true;
      return;
    }
    long started = System.nanoTime();
    active.force();
    forces++;
    listeners.forced(System.nanoTime() - started);
  }

  /** Copy records through the staging buffer to the active segment from {@code start}; return the end. */
  long write(List<BatchPlan.Planned> plan, long start) throws IOException {
    List<ByteBuffer> records = BatchPlan.records(plan);
    return writeRecords(records, start);
  }

  /** Copy framed records through the staging buffer to the active segment from {@code start}; return the end. */
  long writeRecords(List<ByteBuffer> records, long start) throws IOException {
    if (stage == null) {
      stage = ByteBuffer.allocateDirect(STAGE_BYTES);
    }
    stage.clear();
    long at = start;
    for (ByteBuffer record : records) {
      ByteBuffer src = record.duplicate();
      while (src.hasRemaining()) {
        if (!stage.hasRemaining()) {
          at = drain(at);
        }
        int n = Math.min(stage.remaining(), src.remaining());
        stage.put(src.slice(src.position(), n));
        src.position(src.position() + n);
      }
    }
    return drain(at);
  }

  private long drain(long at) throws IOException {
    stage.flip();
    long end = at + stage.remaining();
    active.write(stage, at);
    stage.clear();
    return end;
  }

  private List<Integer> apply(List<BatchPlan.Planned> plan, Segment seg, long start) {
    List<Integer> results = new ArrayList<>(plan.size());
    long at = start;
    lock.writeLock().lock();
    try {
      for (BatchPlan.Planned p : plan) {
        int length = p.record() == null ? 0 : p.record().limit();
        results.add(applyOne(p, seg, at, length));
        at += length;
      }
    } finally {
      lock.writeLock().unlock();
    }
    return results;
  }

  private int applyOne(BatchPlan.Planned p, Segment seg, long offset, int length) {
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
    maintenanceDue = true;
    if (p.op() instanceof Delete d) {
      seg.noteMarker(new Codec.Marker(false, d.sessionId(), d.ids(), p.targets()), offset, length);
      return (int) d.ids().stream().filter(id -> index.remove(d.sessionId(), id) != null).count();
    }
    String session = ((DeleteSession) p.op()).sessionId();
    seg.noteMarker(new Codec.Marker(true, session, List.of(), p.targets()), offset, length);
    return index.removeSession(session);
  }

  private void maintain(Op request) {
    maintenanceDue = false;
    if (stopped) {
      if (request != null) {
        request.done().complete(0);
      }
      return;
    }
    try {
      compactor.run();
      if (request != null) {
        request.done().complete(0);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "reclaiming space in " + files.dir + " failed; the records are intact", e);
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
    String outcome = active.failed() ? "it was not acknowledged, and as the failed write could not be cut off it "
        + "may still appear after the store is reopened (outcome unknown)"
        : "it was not acknowledged and will not appear later";
    op.done().completeExceptionally(GroupCommitWriter.failure(op, describe(op) + " failed in the file store on "
        + files.dir + " (" + cause + "); " + outcome + ". Check the disk, then retry", cause));
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
