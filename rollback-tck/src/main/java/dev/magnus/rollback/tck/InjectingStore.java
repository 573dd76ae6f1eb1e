package dev.magnus.rollback.tck;

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
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Wrap the store under an engine so the engine contract can fail appends or deletes and tamper with
 * what reads return. Closing it does not close the store beneath, so a second engine can "restart"
 * on the same data. Thread-safe as far as the wrapped store is.
 */
final class InjectingStore implements CheckpointStore {
  private final CheckpointStore delegate;
  volatile Predicate<Checkpoint> failAppend = c -> false;
  volatile UnaryOperator<CheckpointRecord> onRead = r -> r;
  volatile boolean failDelete;
  private volatile boolean closed;

  InjectingStore(CheckpointStore delegate) {
    this.delegate = delegate;
  }

  void heal() {
    failAppend = c -> false;
    onRead = r -> r;
    failDelete = false;
  }

  private void open() {
    if (closed) {
      throw new dev.magnus.rollback.ClosedException("the engine closed this store view");
    }
  }

  @Override
  public void append(CheckpointRecord record) {
    open();
    if (failAppend.test(record.checkpoint())) {
      throw new StoreException("TCK injected an append failure for " + record.checkpoint().type());
    }
    delegate.append(record);
  }

  @Override
  public Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
    open();
    return delegate.read(sessionId, id).map(onRead);
  }

  @Override
  public List<Checkpoint> list(String sessionId, CheckpointQuery query) {
    open();
    return delegate.list(sessionId, query);
  }

  @Override
  public Optional<Checkpoint> latest(String sessionId) {
    open();
    return delegate.latest(sessionId);
  }

  @Override
  public int delete(String sessionId, Collection<CheckpointId> ids) {
    open();
    if (failDelete) {
      throw new StoreException("TCK injected a delete failure");
    }
    return delegate.delete(sessionId, ids);
  }

  @Override
  public int deleteSession(String sessionId) {
    open();
    return delegate.deleteSession(sessionId);
  }

  @Override
  public Set<String> sessions() {
    open();
    return delegate.sessions();
  }

  @Override
  public StoreStats stats() {
    open();
    return delegate.stats();
  }

  @Override
  public Set<StoreCapability> capabilities() {
    return delegate.capabilities();
  }

  @Override
  public void close() {
    closed = true;
  }
}
