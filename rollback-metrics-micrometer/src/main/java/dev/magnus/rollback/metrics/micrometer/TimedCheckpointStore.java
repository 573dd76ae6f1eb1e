package dev.magnus.rollback.metrics.micrometer;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import dev.magnus.rollback.spi.StoreListener;
import dev.magnus.rollback.spi.StoreStats;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Time a store's appends and reads, passing every call on unchanged.
 *
 * <p>Why a decorator and not engine events: the store's own latency (the p99 of an append, which with a
 * durable store is mostly the force) is what an operator alerts on, apart from the engine's encoding and
 * hashing, and only a decorator sees each store call, including the reads a rollback or a resume makes.
 * {@link #appendThenDelete} is passed on as one call, so a durable store keeps its single write. Outcomes
 * are a closed set: appends {@code success}, {@code conflict}, {@code failure}; reads {@code found},
 * {@code missing}, {@code failure}. Thread-safe when the wrapped store is: no state of its own.
 */
final class TimedCheckpointStore implements CheckpointStore {
  private final CheckpointStore store;
  private final Clock clock;
  private final Timer appended;
  private final Timer appendConflict;
  private final Timer appendFailed;
  private final Timer found;
  private final Timer missing;
  private final Timer readFailed;

  TimedCheckpointStore(CheckpointStore store, MeterFactory meters) {
    this.store = store;
    this.clock = meters.registry().config().clock();
    String append = "Time the store takes to append a checkpoint (with retention's deletions when combined)";
    appended = meters.timer(MeterNames.STORE_APPEND, append, "outcome", "success");
    appendConflict = meters.timer(MeterNames.STORE_APPEND, append, "outcome", "conflict");
    appendFailed = meters.timer(MeterNames.STORE_APPEND, append, "outcome", "failure");
    String read = "Time the store takes to read a checkpoint with its payload";
    found = meters.timer(MeterNames.STORE_READ, read, "outcome", "found");
    missing = meters.timer(MeterNames.STORE_READ, read, "outcome", "missing");
    readFailed = meters.timer(MeterNames.STORE_READ, read, "outcome", "failure");
  }

  @Override
  public void append(CheckpointRecord record) {
    long started = clock.monotonicTime();
    try {
      store.append(record);
    } catch (RuntimeException e) {
      appendFailed(e, started);
      throw e;
    }
    appended.record(clock.monotonicTime() - started, TimeUnit.NANOSECONDS);
  }

  @Override
  public int appendThenDelete(CheckpointRecord record, Collection<CheckpointId> deletes) {
    long started = clock.monotonicTime();
    int deleted;
    try {
      deleted = store.appendThenDelete(record, deletes);
    } catch (RuntimeException e) {
      appendFailed(e, started);
      throw e;
    }
    appended.record(clock.monotonicTime() - started, TimeUnit.NANOSECONDS);
    return deleted;
  }

  private void appendFailed(RuntimeException e, long started) {
    Timer timer = e instanceof CheckpointConflictException ? appendConflict : appendFailed;
    timer.record(clock.monotonicTime() - started, TimeUnit.NANOSECONDS);
  }

  @Override
  public Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
    long started = clock.monotonicTime();
    Optional<CheckpointRecord> record;
    try {
      record = store.read(sessionId, id);
    } catch (RuntimeException e) {
      readFailed.record(clock.monotonicTime() - started, TimeUnit.NANOSECONDS);
      throw e;
    }
    (record.isPresent() ? found : missing).record(clock.monotonicTime() - started, TimeUnit.NANOSECONDS);
    return record;
  }

  @Override
  public List<Checkpoint> list(String sessionId, CheckpointQuery query) {
    return store.list(sessionId, query);
  }

  @Override
  public Optional<Checkpoint> latest(String sessionId) {
    return store.latest(sessionId);
  }

  @Override
  public int delete(String sessionId, Collection<CheckpointId> ids) {
    return store.delete(sessionId, ids);
  }

  @Override
  public int deleteSession(String sessionId) {
    return store.deleteSession(sessionId);
  }

  @Override
  public Set<String> sessions() {
    return store.sessions();
  }

  @Override
  public StoreStats stats() {
    return store.stats();
  }

  @Override
  public boolean addListener(StoreListener listener) {
    return store.addListener(listener);
  }

  @Override
  public Set<StoreCapability> capabilities() {
    return store.capabilities();
  }

  @Override
  public void close() {
    store.close();
  }
}
