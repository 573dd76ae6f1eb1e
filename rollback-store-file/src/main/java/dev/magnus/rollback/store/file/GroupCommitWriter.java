package dev.magnus.rollback.store.file;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.store.file.CheckpointIndex.Entry;
import dev.magnus.rollback.store.file.StoreHook.Step;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * Write every record of the store on one thread, forcing once per batch (group commit).
 *
 * <p>Design: callers queue an {@link Op} and wait on its future. The writer thread takes whatever is
 * queued (up to {@link #MAX_BATCH} operations), encodes it, writes it at the end of the active segment
 * with one gathering write, forces once (policy {@code always}), then applies the whole batch to the
 * index under the write lock, in log order, and completes the futures. Operations that arrive while
 * a force runs wait in the queue and form the next batch, so N concurrent writers share one force.
 * Because only this thread touches segment files after open, appends, deletions, segment rolls and
 * compaction never race each other. Deletion markers are encoded here, from the index as it stands
 * in log order, so the segments a marker points at are exact.
 *
 * <p>A batch whose write or force fails is never retried: its operations fail with a
 * {@link StoreException}, their reservations are released, the segment is truncated back to the
 * batch start (best effort) and sealed, and the next batch opens a new segment. A segment rolls
 * before a batch once it holds {@code segmentBytes}, so a batch never spans two segments and a
 * segment may exceed the limit by one batch. Thread-safe: {@link #submit} and {@link #stop} may be
 * called from any thread.
 */
final class GroupCommitWriter implements Runnable {
  private static final System.Logger LOG = System.getLogger(GroupCommitWriter.class.getName());
  private static final int MAX_BATCH = 1024;

  /** A queued operation; {@code done} completes with its result (deleted count, or 0). */
  sealed interface Op permits Append, Delete, DeleteSession, Maintain, Stop {
    CompletableFuture<Integer> done();
  }

  record Append(CheckpointRecord record, byte[] meta, CompletableFuture<Integer> done) implements Op {}

  record Delete(String sessionId, List<CheckpointId> ids, CompletableFuture<Integer> done) implements Op {}

  record DeleteSession(String sessionId, CompletableFuture<Integer> done) implements Op {}

  record Maintain(CompletableFuture<Integer> done) implements Op {}

  record Stop(CompletableFuture<Integer> done) implements Op {}

  /** One operation of a batch with its encoded record (null when it writes nothing). */
  private record Planned(Op op, ByteBuffer record, List<Long> targets) {}

  private final Settings settings;
  private final SegmentFiles files;
  private final CheckpointIndex index;
  private final ReadWriteLock lock;
  private final Compactor compactor;
  private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
  private final Object submitLock = new Object();
  private final Thread thread;
  private boolean stopped;
  private Segment active;
  private long nextSegmentId;
  private boolean dirty;
  private boolean maintenanceDue;
  private long lastForce = System.nanoTime();
  volatile long forces;
  volatile long batches;
  volatile long appends;
  volatile long rolls;
  volatile long failedBatches;

  GroupCommitWriter(Settings settings, SegmentFiles files, CheckpointIndex index, ReadWriteLock lock) {
    this.settings = settings;
    this.files = files;
    this.index = index;
    this.lock = lock;
    this.compactor = new Compactor(files, index, lock);
    this.active = index.segments.isEmpty() ? null : index.segments.lastEntry().getValue();
    this.nextSegmentId = index.segments.isEmpty() ? 1 : index.segments.lastKey() + 1;
    this.thread = new Thread(this, "rollback-file-store-writer " + files.dir.getFileName());
    thread.setDaemon(true);
  }

  Compactor compactor() {
    return compactor;
  }

  void start() {
    thread.start();
  }

  /** Queue an operation; its future completes when it is durable (or failed). */
  <T extends Op> T submit(T op) {
    synchronized (submitLock) {
      if (stopped) {
        throw new ClosedException("the file store on " + files.dir + " is closed: open a new store");
      }
      queue.add(op);
    }
    return op;
  }

  /** Finish every queued operation, force, and end the thread. Idempotent. */
  void stop() {
    synchronized (submitLock) {
      if (!stopped) {
        stopped = true;
        queue.add(new Stop(new CompletableFuture<>()));
      }
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void run() {
    List<Op> batch = new ArrayList<>();
    boolean running = true;
    while (running) {
      batch.add(take());
      queue.drainTo(batch, MAX_BATCH - 1);
      try {
        running = process(batch);
      } catch (RuntimeException | Error e) {
        LOG.log(Level.ERROR, "file store writer failed on a batch; failing it", e);
        batch.forEach(op -> fail(op, e));
        running = !(batch.get(batch.size() - 1) instanceof Stop);
      }
      batch.clear();
    }
  }

  private Op take() {
    while (true) {
      try {
        if (settings.fsync() != FsyncPolicy.INTERVAL || !dirty) {
          return queue.take();
        }
        long wait = lastForce + settings.fsyncInterval().toNanos() - System.nanoTime();
        Op op = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
        if (op != null) {
          return op;
        }
        intervalForce();
      } catch (InterruptedException e) {
        LOG.log(Level.DEBUG, "file store writer interrupted; it stops only through close()");
      }
    }
  }

  private void intervalForce() {
    if (active == null || active.sealed) {
      dirty = false;
      return;
    }
    try {
      active.channel.force(false);
      forces++;
    } catch (IOException e) {
      LOG.log(Level.ERROR, "periodic force of " + active + " failed; sealing it", e);
      active.sealed = true;
    }
    dirty = false;
    lastForce = System.nanoTime();
  }

  private boolean process(List<Op> batch) {
    List<Op> group = new ArrayList<>();
    for (Op op : batch) {
      if (op instanceof Maintain || op instanceof Stop) {
        commit(group);
        group.clear();
        if (op instanceof Stop) {
          finish(op);
          return false;
        }
        maintain(op);
      } else {
        group.add(op);
      }
    }
    commit(group);
    if (maintenanceDue) {
      maintain(null);
    }
    return true;
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

  private static void write(Segment seg, List<Planned> plan, long start) throws IOException {
    ByteBuffer[] buffers = plan.stream().map(Planned::record).filter(b -> b != null).toArray(ByteBuffer[]::new);
    seg.channel.position(start);
    long remaining = 0;
    for (ByteBuffer b : buffers) {
      remaining += b.remaining();
    }
    while (remaining > 0) {
      remaining -= seg.channel.write(buffers);
    }
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
    if (active != null && !active.sealed && dirty) {
      active.channel.force(false);
      forces++;
      dirty = false;
    }
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
    try {
      seg.channel.truncate(start);
    } catch (IOException e) {
      LOG.log(Level.ERROR, "could not cut the failed batch off " + seg + "; recovery will check it on the next open", e);
    }
    seg.sealed = true;
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
      if (request != null) {
        fail(request, e);
      }
    }
  }

  private void finish(Op stop) {
    if (dirty && active != null && !active.sealed) {
      try {
        active.channel.force(false);
        forces++;
      } catch (IOException e) {
        LOG.log(Level.ERROR, "final force of " + active + " failed on close", e);
      }
    }
    stop.done().complete(0);
    List<Op> late = new ArrayList<>();
    queue.drainTo(late);
    late.forEach(op -> op.done().completeExceptionally(new ClosedException("the file store is closed")));
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
    return "space reclamation";
  }
}
