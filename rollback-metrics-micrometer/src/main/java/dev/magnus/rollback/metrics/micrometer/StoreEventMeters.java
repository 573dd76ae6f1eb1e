package dev.magnus.rollback.metrics.micrometer;

import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreListener;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Record a store's own events, for a store that reports them (the file store: its group commits and
 * forces): the operations that shared one write, and how long each force took. Registered as the store's
 * {@link StoreListener}; its meters are registered only once the store accepted it, so a store without
 * such events adds no meter. Called on the store's writing thread; Micrometer's meters are thread-safe.
 * An event that arrives before the meters exist (while {@link #listen} runs) is dropped.
 */
final class StoreEventMeters implements StoreListener {
  private volatile @Nullable DistributionSummary groupSize;
  private volatile @Nullable Timer force;

  private StoreEventMeters() {}

  /** Listen to the store's events; when it reports none, register no meters. */
  static void listen(CheckpointStore store, MeterFactory meters) {
    StoreEventMeters listener = new StoreEventMeters();
    if (store.addListener(listener)) {
      listener.groupSize = meters.summary(MeterNames.STORE_GROUP_COMMIT_SIZE,
          "Operations written together by one group commit", "operations");
      listener.force = meters.timer(MeterNames.STORE_FORCE, "Time to force written data to the storage device");
    }
  }

  @Override
  public void groupCommitted(int operations) {
    DistributionSummary summary = groupSize;
    if (summary != null) {
      summary.record(operations);
    }
  }

  @Override
  public void forced(long nanos) {
    Timer timer = force;
    if (timer != null) {
      timer.record(nanos, TimeUnit.NANOSECONDS);
    }
  }
}
