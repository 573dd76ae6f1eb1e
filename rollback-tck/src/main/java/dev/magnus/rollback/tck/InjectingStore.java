package dev.magnus.rollback.tck;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import dev.magnus.rollback.spi.StoreListener;
import dev.magnus.rollback.spi.StoreStats;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Wrap a real store so a test can make it fail or tamper with it on demand, under an engine or any
 * other caller: an append that throws before the record reaches the store ({@link #failAppend}) or
 * after it did ({@link #failAfterAppend}: the outcome the caller cannot know), deletes that throw
 * ({@link #failDelete}), queries that throw ({@link #failQueries}: the store cannot be asked), reads
 * that return something else than what was stored ({@link #onRead}), and hooks that run on the
 * calling thread just before an append, just after an append or a delete took effect, and just before
 * the store closes (a test can pause a caller there, or look at the store).
 *
 * <p>{@link #wrap} owns the store beneath and closes it; {@link #view} does not, so a second engine
 * can "restart" on the same data through a view of its own. Either way, after {@link #close()} every
 * call but {@link #capabilities()} throws {@link ClosedException}. {@code appendThenDelete} is the
 * interface's default: an append, then a delete, both through this store, so every injection applies
 * to each half (the wrapped store's own batched version is not used).
 *
 * <p>Thread-safe as far as the wrapped store is: each injection is a volatile setting that a test may
 * change while other threads use the store, and takes effect for calls that start afterwards.
 */
public final class InjectingStore implements CheckpointStore {
  private final CheckpointStore delegate;
  private final boolean closesDelegate;
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean closed;
  private volatile Predicate<? super Checkpoint> failAppend = c -> false;
  private volatile Predicate<? super Checkpoint> failAfterAppend = c -> false;
  private volatile boolean failDelete;
  private volatile boolean failQueries;
  private volatile UnaryOperator<CheckpointRecord> onRead = UnaryOperator.identity();
  private volatile Consumer<? super CheckpointRecord> beforeAppend = r -> {};
  private volatile Consumer<? super CheckpointRecord> afterAppend = r -> {};
  private volatile Runnable afterDelete = () -> {};
  private volatile Runnable beforeClose = () -> {};

  private InjectingStore(CheckpointStore delegate, boolean closesDelegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.closesDelegate = closesDelegate;
  }

  /**
   * Wrap a store that this one owns: closing this store closes it.
   *
   * @param delegate the real store
   * @return a store that injects nothing until told to
   */
  public static InjectingStore wrap(CheckpointStore delegate) {
    return new InjectingStore(delegate, true);
  }

  /**
   * Wrap a store that stays open when this one closes, so that another view (another engine) can go
   * on using it; the test closes it.
   *
   * @param delegate the real store
   * @return a store that injects nothing until told to
   */
  public static InjectingStore view(CheckpointStore delegate) {
    return new InjectingStore(delegate, false);
  }

  /**
   * Make each append of a matching checkpoint throw {@link StoreException} before the record reaches
   * the store, so nothing is written. {@code c -> false} stops it.
   *
   * @param when which checkpoints fail
   */
  public void failAppend(Predicate<? super Checkpoint> when) {
    failAppend = Objects.requireNonNull(when, "when");
  }

  /**
   * Make each append of a matching checkpoint throw {@link StoreException} after the record reached
   * the store (and after {@link #afterAppend}): the checkpoint is stored although the append failed,
   * the outcome a caller cannot know from the exception. {@code c -> false} stops it.
   *
   * @param when which checkpoints fail
   */
  public void failAfterAppend(Predicate<? super Checkpoint> when) {
    failAfterAppend = Objects.requireNonNull(when, "when");
  }

  /**
   * Make {@link #delete} throw {@link StoreException} without deleting anything, or stop it.
   * {@link #deleteSession} is not affected.
   *
   * @param fail true to fail every delete from now on, false to stop
   */
  public void failDelete(boolean fail) {
    failDelete = fail;
  }

  /**
   * Make the queries {@link #read}, {@link #list} and {@link #latest} throw {@link StoreException}
   * (the store cannot be asked), or stop it.
   *
   * @param fail true to fail every query from now on, false to stop
   */
  public void failQueries(boolean fail) {
    failQueries = fail;
  }

  /**
   * Pass every record that {@link #read} finds through a function, which may return an altered copy
   * (a flipped payload byte, a forged descriptor). {@code UnaryOperator.identity()} stops it.
   *
   * @param tamper what reads return instead of the stored record
   */
  public void onRead(UnaryOperator<CheckpointRecord> tamper) {
    onRead = Objects.requireNonNull(tamper, "tamper");
  }

  /**
   * Run a hook at the start of each append, before {@link #failAppend} is consulted and before the
   * record reaches the store; a hook that throws fails the append with nothing written.
   *
   * @param hook what to run, on the appending thread
   */
  public void beforeAppend(Consumer<? super CheckpointRecord> hook) {
    beforeAppend = Objects.requireNonNull(hook, "hook");
  }

  /**
   * Run a hook right after each append took effect in the store, before the append returns (and
   * before {@link #failAfterAppend} is consulted); a hook that throws fails the append with the
   * record stored.
   *
   * @param hook what to run, on the appending thread
   */
  public void afterAppend(Consumer<? super CheckpointRecord> hook) {
    afterAppend = Objects.requireNonNull(hook, "hook");
  }

  /**
   * Run a hook right after each {@link #delete} took effect in the store, before it returns; a hook
   * that throws fails the delete with the checkpoints deleted.
   *
   * @param hook what to run, on the deleting thread
   */
  public void afterDelete(Runnable hook) {
    afterDelete = Objects.requireNonNull(hook, "hook");
  }

  /**
   * Run a hook once, when {@link #close()} is first called, while this store is still open (the hook
   * may query it); then the store closes whatever the hook does.
   *
   * @param hook what to run, on the closing thread
   */
  public void beforeClose(Runnable hook) {
    beforeClose = Objects.requireNonNull(hook, "hook");
  }

  /** Stop injecting: clear every failure, the read tampering and every hook. */
  public void heal() {
    failAppend = c -> false;
    failAfterAppend = c -> false;
    failDelete = false;
    failQueries = false;
    onRead = UnaryOperator.identity();
    beforeAppend = r -> {};
    afterAppend = r -> {};
    afterDelete = () -> {};
    beforeClose = () -> {};
  }

  private void open() {
    if (closed) {
      throw new ClosedException("this injecting store was closed");
    }
  }

  private void query() {
    open();
    if (failQueries) {
      throw new StoreException("injected query failure");
    }
  }

  /**
   * Append through the injections: {@link #beforeAppend}, {@link #failAppend}, the store,
   * {@link #afterAppend}, {@link #failAfterAppend}.
   *
   * @param record the checkpoint and its payload
   * @throws StoreException when an injected failure says so, or from the store
   */
  @Override
  public void append(CheckpointRecord record) {
    open();
    beforeAppend.accept(record);
    Checkpoint checkpoint = record.checkpoint();
    if (failAppend.test(checkpoint)) {
      throw new StoreException("injected append failure for " + checkpoint.type() + " " + checkpoint.id());
    }
    delegate.append(record);
    afterAppend.accept(record);
    if (failAfterAppend.test(checkpoint)) {
      throw new StoreException("injected failure after appending " + checkpoint.type() + " " + checkpoint.id());
    }
  }

  /**
   * Read from the store, through {@link #onRead}.
   *
   * @throws StoreException while {@link #failQueries} is on
   */
  @Override
  public Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
    query();
    return delegate.read(sessionId, id).map(onRead);
  }

  /**
   * List from the store.
   *
   * @throws StoreException while {@link #failQueries} is on
   */
  @Override
  public List<Checkpoint> list(String sessionId, CheckpointQuery query) {
    query();
    return delegate.list(sessionId, query);
  }

  /**
   * Ask the store for the newest checkpoint.
   *
   * @throws StoreException while {@link #failQueries} is on
   */
  @Override
  public Optional<Checkpoint> latest(String sessionId) {
    query();
    return delegate.latest(sessionId);
  }

  /**
   * Delete from the store, then run {@link #afterDelete}.
   *
   * @throws StoreException while {@link #failDelete} is on (nothing is deleted), or from the store
   */
  @Override
  public int delete(String sessionId, Collection<CheckpointId> ids) {
    open();
    if (failDelete) {
      throw new StoreException("injected delete failure");
    }
    int deleted = delegate.delete(sessionId, ids);
    afterDelete.run();
    return deleted;
  }

  /** Delete the session from the store; no injection applies. */
  @Override
  public int deleteSession(String sessionId) {
    open();
    return delegate.deleteSession(sessionId);
  }

  /** Return the store's sessions; no injection applies. */
  @Override
  public Set<String> sessions() {
    open();
    return delegate.sessions();
  }

  /** Return the store's figures; no injection applies. */
  @Override
  public StoreStats stats() {
    open();
    return delegate.stats();
  }

  /**
   * Pass the listener on to the wrapped store, which reports its own events to it.
   *
   * @param listener the listener
   * @return what the wrapped store returns
   */
  @Override
  public boolean addListener(StoreListener listener) {
    return delegate.addListener(listener);
  }

  /** Return the store's capabilities, also after close. */
  @Override
  public Set<StoreCapability> capabilities() {
    return delegate.capabilities();
  }

  /**
   * Run {@link #beforeClose}, then close this store, and the store beneath if it was given to
   * {@link #wrap}. Idempotent.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    try {
      beforeClose.run();
    } finally {
      closed = true;
      if (closesDelegate) {
        delegate.close();
      }
    }
  }
}
