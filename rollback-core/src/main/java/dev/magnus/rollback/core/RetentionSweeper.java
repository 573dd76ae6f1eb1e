package dev.magnus.rollback.core;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CleanupResult;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.spi.CheckpointQuery;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Apply retention to every session the store holds, so that {@code retentionMs} also empties sessions
 * that went idle, and sessions stored but not open in this engine.
 *
 * <p>The sweep lists the store's session ids without any lock, then takes one session at a time: an
 * open session under its own lock (the same selection as after an append, on the session's head, so a
 * rollback in flight, which holds that lock, is never swept under), a stored one from the store's list.
 * The scheduled sweep only tries each open session's lock and leaves a busy one to the next sweep: it
 * runs on the engine's scheduler, which a recovery holding the lock may itself be waiting for.
 * Sweeps run one at a time. A session resumed while the sweep deletes from its stored list may hold
 * ids that are gone; a rollback to one of them fails with not-found and changes nothing. Another node
 * on a SHARED store is in the same position as with the retention after each append.
 */
final class RetentionSweeper {
  private static final System.Logger LOG = System.getLogger(RetentionSweeper.class.getName());
  private final DefaultSessionRollbackEngine engine;
  private final Object oneAtATime = new Object();
  private volatile @Nullable ScheduledFuture<?> scheduled;

  RetentionSweeper(DefaultSessionRollbackEngine engine) {
    this.engine = engine;
  }

  /** Sweep every {@code interval} on the engine's scheduler; zero schedules nothing. */
  void schedule(Duration interval) {
    if (!interval.isZero()) {
      long nanos = TimeUnit.NANOSECONDS.convert(interval);
      scheduled = engine.scheduler().scheduleWithFixedDelay(this::scheduledSweep, nanos, nanos, TimeUnit.NANOSECONDS);
    }
  }

  void cancel() {
    ScheduledFuture<?> running = scheduled;
    if (running != null) {
      running.cancel(false);
    }
  }

  private void scheduledSweep() {
    try {
      if (!engine.isClosed()) {
        sweep(false);
      }
    } catch (ClosedException e) {
      LOG.log(Level.DEBUG, "retention sweep stopped: the engine closed");
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "retention sweep failed; the next one runs in checkpoint.retentionSweepMs", e);
    }
  }

  /** Sweep every stored session; {@code wait}: wait for an open session's lock instead of skipping it. */
  CleanupResult sweep(boolean wait) {
    synchronized (oneAtATime) {
      engine.ensureOpen();
      Set<String> ids = new java.util.TreeSet<>(engine.store().sessions());
      ids.removeIf(dev.magnus.rollback.EncryptionConfig::isKeyRingSession); // the key ring: no retention applies
      int pruned = 0;
      int skipped = 0;
      long deleted = 0;
      Map<String, String> failures = new LinkedHashMap<>();
      for (String id : ids) {
        engine.ensureOpen();
        try {
          int n = sweepOne(id, wait);
          skipped += n < 0 ? 1 : 0;
          pruned += n > 0 ? 1 : 0;
          deleted += Math.max(0, n);
        } catch (ClosedException e) {
          engine.ensureOpen(); // a session closed meanwhile is not a failure; a closed engine ends the sweep
        } catch (RuntimeException e) {
          failures.put(id, String.valueOf(e.getMessage()));
        }
      }
      return new CleanupResult(ids.size(), pruned, deleted, skipped, failures);
    }
  }

  /** Return the number deleted, or -1 for a busy session left alone. */
  private int sweepOne(String id, boolean wait) {
    SessionHandle open = engine.openHandle(id);
    if (open != null) {
      return open.sweepRetention(wait);
    }
    List<Checkpoint> live = engine.store().list(id, CheckpointQuery.all());
    List<CheckpointId> doomed = Retention.select(live, engine.config().checkpoint(), engine.clock().instant(), Set.of());
    if (doomed.isEmpty()) {
      return 0;
    }
    int deleted = engine.store().delete(id, doomed);
    ObserverBus.Pending p = engine.bus().pending(id);
    audited(engine, id, doomed, deleted, p);
    p.deliver();
    return deleted;
  }

  /** Audit and queue what a sweep deleted from one session. */
  static void audited(DefaultSessionRollbackEngine engine, String id, List<CheckpointId> doomed, int deleted,
      ObserverBus.Pending p) {
    engine.codec().recent().drop(doomed);
    engine.audit().record(AuditAction.CHECKPOINTS_PRUNED, id, Outcome.SUCCESS, Map.of("count", Integer.toString(deleted),
        "ids", doomed.toString(), "trigger", "sweep"));
    p.add("checkpointsPruned", o -> o.checkpointsPruned(id, doomed));
  }
}
