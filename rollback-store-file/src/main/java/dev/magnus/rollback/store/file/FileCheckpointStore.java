package dev.magnus.rollback.store.file;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.SessionIds;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import dev.magnus.rollback.spi.StoreListener;
import dev.magnus.rollback.spi.StoreStats;
import dev.magnus.rollback.store.file.CheckpointIndex.Entry;
import dev.magnus.rollback.store.file.GroupCommitWriter.Append;
import dev.magnus.rollback.store.file.GroupCommitWriter.Composite;
import dev.magnus.rollback.store.file.GroupCommitWriter.Delete;
import dev.magnus.rollback.store.file.GroupCommitWriter.DeleteSession;
import dev.magnus.rollback.store.file.GroupCommitWriter.Maintain;
import dev.magnus.rollback.store.file.GroupCommitWriter.Op;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * Store checkpoints durably in append-only segment files in one directory.
 *
 * <p>Design: every record of every session goes to the active segment (session ids live inside the
 * records, never in file names). Opening locks the directory ({@link DirectoryLock}) and rebuilds the
 * in-memory {@link CheckpointIndex} with {@link Recovery}; descriptors stay in memory and payloads are
 * read from disk, whole record CRC-checked, on each {@link #read}. Mutations (appends, tombstones,
 * session deletes) go through the {@link GroupCommitWriter}, which makes them durable per the
 * {@link FsyncPolicy} before it applies them to the index, so a reader never sees a checkpoint that
 * could vanish in a crash; the calling thread either leads the batch that holds its mutation or
 * waits for the leader's. Conflicts are detected before anything is written by reserving the id and
 * (session, sequence) in the index.
 *
 * <p>Concurrency: thread-safe. Queries hold the index read lock; the leading writer applies batches
 * under the write lock; a waiting caller does not hold any lock. {@link #close} finishes queued
 * work, forces, and releases the directory.
 */
final class FileCheckpointStore implements CheckpointStore {
  private static final System.Logger LOG = System.getLogger(FileCheckpointStore.class.getName());

  private final Settings settings;
  private final DirectoryLock directoryLock;
  private final CheckpointIndex index;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /** Null when the store is open read-only. */
  private final @Nullable GroupCommitWriter writer;
  private final Recovery recovery;
  private final ReadChannels readers = new ReadChannels();
  private final long quarantined;
  private final RecordLoader loader = new RecordLoader(readers);
  private volatile boolean closed;

  private FileCheckpointStore(Settings settings, DirectoryLock directoryLock, Recovery recovery, SegmentFiles files)
      throws IOException {
    this.settings = settings;
    this.directoryLock = directoryLock;
    this.recovery = recovery;
    this.index = recovery.index;
    this.quarantined = StoreDirectory.countQuarantined(settings.dir());
    if (settings.readOnly()) {
      this.writer = null;
      return;
    }
    ManifestFile manifest = new ManifestFile(files, recovery.manifest == null ? 0 : recovery.manifest.writes());
    ActiveSegment active = new ActiveSegment(settings, files, index, lock, readers, manifest, recovery.lastSegmentId());
    active.open(recovery.newestCrc);
    SegmentSummary.writeMissing(files, index, recovery.summaries.toWrite);
    this.writer = new GroupCommitWriter(settings, files, new BatchWriter(settings, files, index, lock, active,
        readers));
  }

  /** Open (creating if needed, unless read-only) the store in {@code settings.dir()}. */
  static FileCheckpointStore open(Settings settings) {
    DirectoryLock dirLock = null;
    FileCheckpointStore store = null;
    try {
      StoreDirectory.prepare(settings);
      dirLock = DirectoryLock.acquire(settings.dir(), settings.readOnly(), StoreDirectory.lockPermissions(settings));
      if (!settings.readOnly()) {
        StoreDirectory.refuseIfOpenElsewhere(settings.dir());
      }
      SegmentFiles files = new SegmentFiles(settings.dir(), settings.hook(), settings.groupAccess());
      Recovery recovery = new Recovery(files, settings.readOnly());
      recovery.run();
      store = new FileCheckpointStore(settings, dirLock, recovery, files);
      if (store.writer != null) {
        store.writer.start();
        store.tombstoneWithheld();
      }
      LOG.log(Level.DEBUG, "opened file store {0}: {1} checkpoints in {2} segments", settings.dir(),
          store.index.checkpoints(), store.index.segments.size());
      return store;
    } catch (IOException | RuntimeException e) {
      if (store != null) {
        store.close();
      } else {
        closeQuietly(dirLock);
      }
      throw StoreDirectory.openFailure(settings, e);
    }
  }

  /** Persist what recovery withheld or re-applied, so that a later open does not serve it as live. */
  private void tombstoneWithheld() {
    recovery.withheld.forEach((session, ids) -> GroupCommitWriter.await(writer.execute(new Delete(session, List.copyOf(ids),
        new CompletableFuture<>()))));
  }

  /** Return the damage found when the store opened, one sentence per place. */
  List<String> damage() {
    return List.copyOf(recovery.damage);
  }

  @Override
  public void append(CheckpointRecord record) {
    Objects.requireNonNull(record, "record");
    ensureWritable();
    Append op = reserve(record);
    execute(op, record);
    GroupCommitWriter.await(op);
  }

  /**
   * Append and delete in one batch, so that both are covered by one force: retention after a
   * checkpoint then costs no second force. Conflicts are found before anything is written.
   */
  @Override
  public int appendThenDelete(CheckpointRecord record, Collection<CheckpointId> deletes) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(deletes, "deletes");
    deletes.forEach(id -> Objects.requireNonNull(id, "id"));
    ensureWritable();
    List<CheckpointId> live = new ArrayList<>();
    Append append = reserve(record, deletes, live);
    if (live.isEmpty()) {
      execute(append, record);
      GroupCommitWriter.await(append);
      return 0;
    }
    Delete delete = new Delete(record.checkpoint().sessionId(), live, new CompletableFuture<>());
    execute(new Composite(List.of(append, delete), new CompletableFuture<>()), record);
    GroupCommitWriter.await(append);
    return GroupCommitWriter.await(delete);
  }

  private Append reserve(CheckpointRecord record) {
    return reserve(record, List.of(), new ArrayList<>());
  }

  /**
   * Check and frame an append, then reserve it and find which of {@code deletes} are live (into
   * {@code live}) under one acquisition of the index lock.
   */
  private Append reserve(CheckpointRecord record, Collection<CheckpointId> deletes, List<CheckpointId> live) {
    Checkpoint c = record.checkpoint();
    byte[] meta = Codec.checkpoint(c);
    if (meta.length > Format.MAX_META || record.payloadLength() > Format.MAX_DATA) {
      throw new StoreException("checkpoint " + c.id() + " of session '" + c.sessionId() + "' is too large for the "
          + "file store: descriptor " + meta.length + " bytes (max " + Format.MAX_META + "), payload "
          + record.payloadLength() + " bytes (max " + Format.MAX_DATA + "); shorten labels and description or "
          + "enable compression", c.sessionId(), c.id());
    }
    ByteBuffer framed = Format.unbound(Format.CHECKPOINT, (byte) 0, c.sequence(), meta, record.payload());
    withWriteLock(() -> {
      live.addAll(liveIds(c.sessionId(), deletes));
      index.reserve(c);
    });
    return new Append(record, framed, new CompletableFuture<>());
  }

  private void execute(Op op, CheckpointRecord reserved) {
    try {
      writer.execute(op);
    } catch (ClosedException e) {
      withWriteLock(() -> index.release(reserved.checkpoint()));
      throw e;
    }
  }

  private List<CheckpointId> liveOf(String sessionId, Collection<CheckpointId> ids) {
    lock.readLock().lock();
    try {
      return liveIds(sessionId, ids);
    } finally {
      lock.readLock().unlock();
    }
  }

  // @GuardedBy("lock")
  private List<CheckpointId> liveIds(String sessionId, Collection<CheckpointId> ids) {
    return ids.stream().distinct().filter(id -> index.get(sessionId, id) != null).toList();
  }

  @Override
  public Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
    SessionIds.require(sessionId);
    Objects.requireNonNull(id, "id");
    ensureOpen();
    lock.readLock().lock();
    try {
      Entry e = index.get(sessionId, id);
      return e == null ? Optional.empty() : Optional.of(loader.load(e, this::ensureOpen));
    } finally {
      lock.readLock().unlock();
    }
  }


  @Override
  public List<Checkpoint> list(String sessionId, CheckpointQuery query) {
    SessionIds.require(sessionId);
    Objects.requireNonNull(query, "query");
    ensureOpen();
    lock.readLock().lock();
    try {
      return index.list(sessionId, query);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<Checkpoint> latest(String sessionId) {
    SessionIds.require(sessionId);
    ensureOpen();
    lock.readLock().lock();
    try {
      return index.latest(sessionId);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int delete(String sessionId, Collection<CheckpointId> ids) {
    SessionIds.require(sessionId);
    Objects.requireNonNull(ids, "ids");
    ids.forEach(id -> Objects.requireNonNull(id, "id"));
    ensureWritable();
    List<CheckpointId> live = liveOf(sessionId, ids);
    return live.isEmpty() ? 0 : GroupCommitWriter.await(writer.execute(new Delete(sessionId, live, new CompletableFuture<>())));
  }

  @Override
  public int deleteSession(String sessionId) {
    SessionIds.require(sessionId);
    ensureWritable();
    lock.readLock().lock();
    try {
      if (!index.hasSession(sessionId)) {
        return 0;
      }
    } finally {
      lock.readLock().unlock();
    }
    return GroupCommitWriter.await(writer.execute(new DeleteSession(sessionId, new CompletableFuture<>())));
  }

  @Override
  public Set<String> sessions() {
    ensureOpen();
    lock.readLock().lock();
    try {
      return index.sessionIds();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public StoreStats stats() {
    ensureOpen();
    lock.readLock().lock();
    try {
      Map<String, Long> extra = StoreFigures.extra(index, recovery, readers, writer == null ? null : writer.log(),
          quarantined, loader.corruptions.get(), settings.readOnly());
      return new StoreStats(index.sessionCount(), index.checkpoints(), index.payloadBytes(),
          recovery.corruptions + loader.corruptions.get(), extra);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Set<StoreCapability> capabilities() {
    return settings.fsync() == FsyncPolicy.ALWAYS && !settings.readOnly()
        ? Set.of(StoreCapability.DURABLE, StoreCapability.TOMBSTONES) : Set.of(StoreCapability.TOMBSTONES);
  }

  /** Report group commits and forces to the listener; a read-only store writes nothing and reports nothing. */
  @Override
  public boolean addListener(StoreListener listener) {
    Objects.requireNonNull(listener, "listener");
    ensureOpen();
    if (writer == null) {
      return false;
    }
    writer.log().listeners.add(listener);
    return true;
  }

  /** Return the number of mutations waiting for the leading writer (tests use it to form a batch). */
  int queuedWrites() {
    return writer.queued();
  }

  /** Delete dead segments and compact mostly-dead ones now (tests and maintenance tools). */
  void reclaim() {
    ensureWritable();
    GroupCommitWriter.await(writer.execute(new Maintain(new CompletableFuture<>())));
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (writer != null) {
      writer.stop();
    }
    lock.writeLock().lock();
    try {
      readers.close();
    } finally {
      lock.writeLock().unlock();
    }
    closeQuietly(directoryLock);
  }

  private void withWriteLock(Runnable action) {
    lock.writeLock().lock();
    try {
      action.run();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void ensureWritable() {
    ensureOpen();
    if (writer == null) {
      throw new StoreException("the file store on " + settings.dir().toAbsolutePath() + " is open read-only: open it "
          + "without readOnly() to change it");
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new ClosedException("the file store on " + settings.dir().toAbsolutePath()
          + " is closed: open a new store");
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "closing " + c + " failed", e);
    }
  }
}
