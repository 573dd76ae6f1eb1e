package dev.magnus.rollback.store.file;

import dev.magnus.rollback.spi.StoreListener;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Pass the writer's events (group commits, forces) to the listeners registered with
 * {@code FileCheckpointStore.addListener}, containing their failures: a listener that throws is logged
 * and never fails a batch. Called by the leading writer only; the list is copy-on-write, so registering
 * from another thread is safe.
 */
final class StoreListeners implements StoreListener {
  private static final System.Logger LOG = System.getLogger(StoreListeners.class.getName());
  private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();

  void add(StoreListener listener) {
    listeners.add(listener);
  }

  @Override
  public void groupCommitted(int operations) {
    for (StoreListener l : listeners) {
      try {
        l.groupCommitted(operations);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "store listener " + l.getClass().getName() + " failed on groupCommitted", e);
      }
    }
  }

  @Override
  public void forced(long nanos) {
    for (StoreListener l : listeners) {
      try {
        l.forced(nanos);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "store listener " + l.getClass().getName() + " failed on forced", e);
      }
    }
  }
}
