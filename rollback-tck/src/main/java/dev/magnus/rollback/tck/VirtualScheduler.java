package dev.magnus.rollback.tck;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Run scheduled tasks on virtual time: a {@link ScheduledExecutorService} whose delays pass on a
 * {@link ManualClock} instead of the wall clock, so a strategy configured to wait an hour between
 * attempts is tested in milliseconds, and every wait and time limit it schedules is recorded.
 *
 * <p>A task scheduled with a delay no longer than the <em>longest wait</em> given at creation is a
 * {@link Kind#WAIT} (a backoff); a longer one is a {@link Kind#TIME_LIMIT}; {@link #execute} submits a
 * {@link Kind#TASK}. One driver thread fires tasks in due order, one at a time, and moves the clock to
 * each task's due time before running it (never backwards). Tasks due now run at once. A WAIT fires
 * once no scripted step action is running (the {@link ScriptedRecoveryContext} that owns the scheduler
 * tells it); a TIME_LIMIT fires only while a scripted action that hangs is blocked, so an action that
 * was submitted but has not started yet is never cut early. While the recovering thread (see
 * {@link ScriptedRecoveryContext#recoverWith}) has been interrupted (by the script, or seen with its
 * flag set), nothing that is not due yet fires until the recovery returns, even once the flag is
 * cleared: a strategy that was interrupted must stop on its own. As a last resort, when nothing has
 * happened for two seconds of real time, the earliest task fires whatever the rules say (a strategy
 * that breaks them then fails on what it did, not on a hang). Once the recovery has returned nothing
 * fires any more. Created with {@link #on(ManualClock, Duration)}, outside a context, there are no
 * scripted actions: WAITs fire when they are next, TIME_LIMITs after the idle delay.
 *
 * <p>Thread-safe. Tasks run on the scheduler's own daemon thread, like a single-threaded
 * {@code ScheduledThreadPoolExecutor}: a task that blocks holds virtual time still.
 */
public final class VirtualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final ManualClock clock;
  private final Duration longestWait;
  private final SchedulerProbe probe;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<VirtualTask<?>> queue = new PriorityQueue<>();
  private final List<Scheduled> scheduled = new ArrayList<>();
  private volatile long lastActivity = System.nanoTime();
  private long sequence;
  private int waitsScheduled;
  private VirtualTask<?> interruptAt;
  private int interruptAtWait;
  private int lastHangFired;
  private int fallbacks;
  private boolean shutdown;
  private Thread driver;

  /** The kind of a scheduled task, decided by its delay. */
  public enum Kind {
    /** Submitted with {@link #execute} or {@link #submit}: no delay. */
    TASK,
    /** Scheduled with a delay no longer than the longest wait: a backoff. */
    WAIT,
    /** Scheduled with a longer delay: a time limit. */
    TIME_LIMIT
  }

  /**
   * One call that scheduled a task.
   *
   * @param kind what the delay makes it
   * @param delay the delay asked for
   * @param at the virtual instant of the call
   */
  public record Scheduled(Kind kind, Duration delay, Instant at) {
    /** Check the fields. */
    public Scheduled {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(at, "at");
    }
  }

  VirtualScheduler(ManualClock clock, Duration longestWait, SchedulerProbe probe) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.longestWait = Objects.requireNonNull(longestWait, "longestWait");
    this.probe = Objects.requireNonNull(probe, "probe");
  }

  /**
   * Create a scheduler on a clock, outside a {@link ScriptedRecoveryContext}.
   *
   * @param clock the clock the delays pass on
   * @param longestWait delays up to this are WAITs, longer ones TIME_LIMITs
   * @return the scheduler; {@link #shutdownNow()} it when done
   */
  public static VirtualScheduler on(ManualClock clock, Duration longestWait) {
    return new VirtualScheduler(clock, longestWait, new SchedulerProbe() {
      @Override public int running() { return 0; }
      @Override public int hanging() { return 0; }
      @Override public int hangs() { return 0; }
      @Override public Thread recovering() { return null; }
      @Override public boolean finished() { return false; }
      @Override public boolean interrupted() { return false; }
      @Override public void noteInterrupt() { }
    });
  }

  /**
   * Return the clock the delays pass on.
   *
   * @return the clock
   */
  public ManualClock clock() {
    return clock;
  }

  /**
   * Return every task scheduled so far, in the order of the calls.
   *
   * @return a snapshot
   */
  public List<Scheduled> scheduled() {
    return locked(() -> List.copyOf(scheduled));
  }

  /**
   * Return the delays of the WAIT tasks, in the order they were scheduled.
   *
   * @return a snapshot
   */
  public List<Duration> waits() {
    return scheduled().stream().filter(s -> s.kind() == Kind.WAIT).map(Scheduled::delay).toList();
  }

  /**
   * Return the delays of the TIME_LIMIT tasks, in the order they were scheduled.
   *
   * @return a snapshot
   */
  public List<Duration> timeLimits() {
    return scheduled().stream().filter(s -> s.kind() == Kind.TIME_LIMIT).map(Scheduled::delay).toList();
  }

  /**
   * Return how many tasks fired only because nothing happened for the idle delay.
   *
   * @return the count; zero for a strategy that keeps the rules
   */
  public int idleFirings() {
    return locked(() -> fallbacks);
  }

  /** Interrupt the recovering thread instead of firing the n-th WAIT with a positive delay. */
  void interruptAtWait(int n) {
    locked(() -> interruptAtWait = n);
  }

  /** Note that something happened, which postpones the idle fallback. */
  void touch() {
    lastActivity = System.nanoTime();
    if (lock.tryLock()) {
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return enqueue(Executors.callable(Objects.requireNonNull(command, "command")), toDuration(delay, unit),
        Duration.ZERO, false);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return enqueue(Objects.requireNonNull(callable, "callable"), toDuration(delay, unit), Duration.ZERO, false);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    return periodic(command, initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return periodic(command, initialDelay, delay, unit);
  }

  private ScheduledFuture<?> periodic(Runnable command, long initialDelay, long period, TimeUnit unit) {
    if (period <= 0) {
      throw new IllegalArgumentException("period must be positive, was " + period + " " + unit);
    }
    return enqueue(Executors.callable(Objects.requireNonNull(command, "command")), toDuration(initialDelay, unit),
        toDuration(period, unit), false);
  }

  @Override
  public void execute(Runnable command) {
    enqueue(Executors.callable(Objects.requireNonNull(command, "command")), Duration.ZERO, Duration.ZERO, true);
  }

  private static Duration toDuration(long delay, TimeUnit unit) {
    return Duration.of(Math.max(0, delay), Objects.requireNonNull(unit, "unit").toChronoUnit());
  }

  private <V> VirtualTask<V> enqueue(Callable<V> callable, Duration delay, Duration period, boolean plain) {
    Kind kind = plain ? Kind.TASK : delay.compareTo(longestWait) <= 0 ? Kind.WAIT : Kind.TIME_LIMIT;
    lock.lock();
    try {
      if (shutdown) {
        throw new RejectedExecutionException("the virtual scheduler is shut down (its context was closed)");
      }
      Instant now = clock.instant();
      VirtualTask<V> task = new VirtualTask<>(this, callable, sequence++, kind, now.plus(delay), period);
      scheduled.add(new Scheduled(kind, delay, now));
      if (kind == Kind.WAIT && !delay.isZero() && ++waitsScheduled == interruptAtWait) {
        interruptAt = task;
      }
      lastActivity = System.nanoTime(); // scheduling is activity: the idle fallback counts from here
      queue.add(task);
      startDriver();
      changed.signalAll();
      return task;
    } finally {
      lock.unlock();
    }
  }

  private void startDriver() {
    if (driver == null) {
      driver = new Thread(this::drive, "tck-virtual-scheduler");
      driver.setDaemon(true);
      driver.start();
    }
    lastActivity = System.nanoTime();
  }

  private void drive() {
    while (true) {
      VirtualTask<?> task;
      lock.lock();
      try {
        task = next();
        while (task == null && !shutdown) {
          changed.awaitNanos(POLL_NANOS);
          task = next();
        }
        if (shutdown) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      fire(task);
    }
  }

  private void fire(VirtualTask<?> task) {
    clock.advanceTo(task.due());
    boolean again = task.fire();
    lastActivity = System.nanoTime();
    if (again) {
      locked(() -> queue.add(task));
    }
  }

  /* Under the lock: the task to fire now, removed from the queue, or null to wait. */
  private VirtualTask<?> next() {
    while (!queue.isEmpty() && queue.peek().isDone()) {
      queue.poll();
    }
    VirtualTask<?> head = queue.peek();
    if (head == null || probe.finished()) {
      return null;
    }
    boolean idle = System.nanoTime() - lastActivity > IDLE_NANOS;
    if (head == interruptAt && !idle) {
      interruptWhenWaiting();
      return null;
    }
    if (idle && head.due().isAfter(clock.instant())) {
      fallbacks++;
    } else if (!idle && head.due().isAfter(clock.instant()) && !mayAdvance(head)) {
      return null;
    }
    return queue.poll();
  }

  /* The rules for moving virtual time forward to the head's due time. */
  private boolean mayAdvance(VirtualTask<?> head) {
    Thread recovering = probe.recovering();
    if (recovering != null && recovering.isInterrupted()) {
      probe.noteInterrupt(); // sticky: a strategy clears the flag when it catches the interrupt, sets it again later
    }
    if (probe.interrupted()) {
      return false;
    }
    if (head.kind() != Kind.TIME_LIMIT) {
      return probe.running() == 0;
    }
    int hangs = probe.hangs();
    if (probe.hanging() > 0 && hangs != lastHangFired) {
      lastHangFired = hangs;
      return true;
    }
    return false;
  }

  /* Deliver the scripted interrupt once the recovering thread waits and no action runs. */
  private void interruptWhenWaiting() {
    Thread recovering = probe.recovering();
    if (recovering == null) {
      throw new IllegalStateException("an interrupt during a wait was scripted, but the recovery was not started "
          + "with ScriptedRecoveryContext.recoverWith(strategy): the scheduler does not know which thread to interrupt");
    }
    Thread.State state = recovering.getState();
    if (probe.running() == 0 && (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)) {
      probe.noteInterrupt(); // before it lands, so the interrupted wait cannot fire in the catch block's window
      recovering.interrupt();
      interruptAt = null;
      lastActivity = System.nanoTime();
    }
  }

  private <T> T locked(java.util.function.Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void shutdown() {
    shutdownNow();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return locked(() -> {
      shutdown = true;
      List<Runnable> pending = new ArrayList<>(queue);
      queue.clear();
      changed.signalAll();
      return pending;
    });
  }

  @Override
  public boolean isShutdown() {
    return locked(() -> shutdown);
  }

  @Override
  public boolean isTerminated() {
    Thread d = locked(() -> driver);
    return isShutdown() && (d == null || !d.isAlive());
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    Thread d = locked(() -> driver);
    if (d != null) {
      d.join(Math.max(1, unit.toMillis(timeout)));
    }
    return isTerminated();
  }
}
