package dev.magnus.rollback.tck;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.TimeUnit;

/*
 * One task of a VirtualScheduler: due at an instant of the scheduler's ManualClock, ordered by due
 * time then by the order it was scheduled in (so equal due times fire first-come first-served).
 * getDelay() is measured on the virtual clock. A periodic task is re-armed by the scheduler after
 * each run (runAndReset). Thread-safe as FutureTask is; the due time changes only on the driver thread.
 */
final class VirtualTask<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
  private final VirtualScheduler owner;
  private final long sequence;
  private final VirtualScheduler.Kind kind;
  private final Duration period;
  private volatile Instant due;

  VirtualTask(VirtualScheduler owner, Callable<V> task, long sequence, VirtualScheduler.Kind kind, Instant due,
      Duration period) {
    super(task);
    this.owner = owner;
    this.sequence = sequence;
    this.kind = kind;
    this.due = due;
    this.period = period;
  }

  VirtualScheduler.Kind kind() {
    return kind;
  }

  Instant due() {
    return due;
  }

  /** Run once, or run and re-arm when periodic; true when a periodic task must be queued again. */
  boolean fire() {
    if (!isPeriodic()) {
      run();
      return false;
    }
    if (runAndReset()) {
      due = due.plus(period);
      return true;
    }
    return false;
  }

  @Override
  public boolean isPeriodic() {
    return !period.isZero();
  }

  @Override
  public long getDelay(TimeUnit unit) {
    Duration left = Duration.between(owner.clock().instant(), due);
    return unit.convert(left);
  }

  @Override
  public int compareTo(Delayed other) {
    if (other instanceof VirtualTask<?> task) {
      int byDue = due.compareTo(task.due);
      return byDue != 0 ? byDue : Long.compare(sequence, task.sequence);
    }
    return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    owner.touch();
    return cancelled;
  }
}
