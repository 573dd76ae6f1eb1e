package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import dev.magnus.rollback.spi.StoreStats;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A store that delegates to a real one and injects failures or tampering on demand: an append that
 * throws before writing ({@code failAppend}) or after the record reached the store
 * ({@code failAfterAppend}: the outcome the engine cannot know), and reads that throw
 * ({@code failQueries}: the store cannot be asked). It also runs hooks right after an append or a
 * delete took effect (a test can pause a caller there).
 */
class FaultyStore implements CheckpointStore {
  private final CheckpointStore delegate;
  volatile Predicate<Checkpoint> failAppend = c -> false;
  volatile Predicate<Checkpoint> failAfterAppend = c -> false;
  volatile boolean failQueries;
  volatile UnaryOperator<CheckpointRecord> onRead = r -> r;
  volatile boolean failDelete;
  volatile Consumer<CheckpointRecord> afterAppend = r -> {};
  volatile Runnable afterDelete = () -> {};
  volatile boolean closeDelegate = true;

  FaultyStore(CheckpointStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public void append(CheckpointRecord record) {
    if (failAppend.test(record.checkpoint())) {
      throw new StoreException("injected append failure for " + record.checkpoint().type());
    }
    delegate.append(record);
    afterAppend.accept(record);
    if (failAfterAppend.test(record.checkpoint())) {
      throw new StoreException("injected failure after appending " + record.checkpoint().type() + " "
          + record.checkpoint().id());
    }
  }

  private void query() {
    if (failQueries) {
      throw new StoreException("injected query failure");
    }
  }

  @Override
  public Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
    query();
    return delegate.read(sessionId, id).map(onRead);
  }

  @Override
  public List<Checkpoint> list(String sessionId, CheckpointQuery query) {
    query();
    return delegate.list(sessionId, query);
  }

  @Override
  public Optional<Checkpoint> latest(String sessionId) {
    query();
    return delegate.latest(sessionId);
  }

  @Override
  public int delete(String sessionId, Collection<CheckpointId> ids) {
    if (failDelete) {
      throw new StoreException("injected delete failure");
    }
    int deleted = delegate.delete(sessionId, ids);
    afterDelete.run();
    return deleted;
  }

  @Override
  public int deleteSession(String sessionId) {
    return delegate.deleteSession(sessionId);
  }

  @Override
  public Set<String> sessions() {
    return delegate.sessions();
  }

  @Override
  public StoreStats stats() {
    return delegate.stats();
  }

  @Override
  public Set<StoreCapability> capabilities() {
    return delegate.capabilities();
  }

  @Override
  public void close() {
    if (closeDelegate) {
      delegate.close();
    }
  }
}
