package dev.magnus.rollback.tck;

import dev.magnus.rollback.RecoveryStep;
import dev.magnus.rollback.SessionState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/*
 * The scripted steps of one ScriptedRecoveryContext and what the kit learns from them.
 *
 * Each scripted step becomes a RecoveryStep whose action counts its calls, records each one as a
 * StepRun (input state, virtual start and end), and behaves as its plan says for that call. It counts
 * the actions running and hanging, which is what the VirtualScheduler needs to know when it may move
 * time forward, so this class is the scheduler's SchedulerProbe; it also holds the recovering thread and
 * whether the recovery has returned. A run's end is recorded before the running count drops, so the
 * scheduler never moves the clock between an action's end and its record. A hanging action waits on
 * a latch that close() releases, so no thread stays blocked after the context is closed.
 * Thread-safe: actions run on the strategy's threads.
 */
final class ScriptedSteps implements SchedulerProbe {
  private final ManualClock clock;
  private final Map<String, List<ScriptedAttempt>> plans;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final List<StepRun> runs = new ArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger hanging = new AtomicInteger();
  private final AtomicInteger hangs = new AtomicInteger();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile Thread recovering;
  private volatile boolean finished;
  private volatile boolean interrupted;
  private volatile Runnable activity = () -> { };

  ScriptedSteps(ManualClock clock, Map<String, List<ScriptedAttempt>> plans) {
    this.clock = clock;
    this.plans = new LinkedHashMap<>(plans);
  }

  /** The scripted steps as RecoverySteps, in script order. */
  List<RecoveryStep> steps() {
    return plans.keySet().stream().map(name -> RecoveryStep.of(name, state -> act(name, state))).toList();
  }

  void onActivity(Runnable listener) {
    activity = listener;
  }

  void recovering(Thread thread) {
    recovering = thread;
    finished = false;
    interrupted = thread.isInterrupted();
  }

  void finish() {
    finished = true;
  }

  synchronized List<StepRun> runs() {
    return List.copyOf(runs);
  }

  void close() {
    released.countDown();
  }

  private SessionState act(String name, SessionState input) throws Exception {
    List<ScriptedAttempt> plan = plans.get(name);
    int attempt = calls.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
    ScriptedAttempt behaviour = plan.get(Math.min(attempt, plan.size()) - 1);
    running.incrementAndGet();
    int index = begin(name, attempt, input);
    try {
      return perform(behaviour, name, attempt, input, index);
    } finally {
      running.decrementAndGet();
      activity.run();
    }
  }

  private SessionState perform(ScriptedAttempt behaviour, String name, int attempt, SessionState input, int index)
      throws Exception {
    switch (behaviour) {
      case SUCCEED -> {
        SessionState output = output(name, attempt, input);
        end(index, StepRun.Status.SUCCEEDED);
        return output;
      }
      case HANG -> {
        return hang(name, attempt, index);
      }
      case INTERRUPT_RECOVERY_AND_FAIL -> interruptRecovery();
      default -> { }
    }
    end(index, StepRun.Status.FAILED);
    throw new IllegalStateException("scripted failure of step '" + name + "' at attempt " + attempt);
  }

  /** What a step that succeeds returns: the step's attribute set, its name added to the trail. */
  static SessionState output(String name, int attempt, SessionState input) {
    String trail = String.valueOf(input.get(ScriptedRecoveryContext.TRAIL).orElse(""));
    return input.with(name, "attempt " + attempt).with(ScriptedRecoveryContext.TRAIL, trail + "/" + name);
  }

  private void interruptRecovery() {
    Thread thread = recovering;
    if (thread == null) {
      throw new IllegalStateException("INTERRUPT_RECOVERY_AND_FAIL needs the recovery to run through "
          + "ScriptedRecoveryContext.recoverWith(strategy), which names the thread to interrupt");
    }
    noteInterrupt(); // before the interrupt: the scheduler must hold time from the moment it lands
    thread.interrupt();
  }

  private SessionState hang(String name, int attempt, int index) throws InterruptedException {
    hanging.incrementAndGet();
    hangs.incrementAndGet();
    activity.run();
    try {
      released.await();
    } catch (InterruptedException e) {
      end(index, StepRun.Status.CUT);
      throw new InterruptedException("step '" + name + "' was cut while it hung at attempt " + attempt);
    } finally {
      hanging.decrementAndGet();
    }
    end(index, StepRun.Status.RELEASED);
    throw new IllegalStateException("step '" + name + "' hung at attempt " + attempt + " until the context closed");
  }

  private synchronized int begin(String name, int attempt, SessionState input) {
    runs.add(new StepRun(name, attempt, input, clock.instant(), Optional.empty(), StepRun.Status.RUNNING));
    activity.run();
    return runs.size() - 1;
  }

  private synchronized void end(int index, StepRun.Status status) {
    runs.set(index, runs.get(index).end(clock.instant(), status));
  }

  @Override
  public int running() {
    return running.get();
  }

  @Override
  public int hanging() {
    return hanging.get();
  }

  @Override
  public int hangs() {
    return hangs.get();
  }

  @Override
  public Thread recovering() {
    return recovering;
  }

  @Override
  public boolean finished() {
    return finished;
  }

  @Override
  public boolean interrupted() {
    return interrupted;
  }

  @Override
  public void noteInterrupt() {
    interrupted = true;
  }
}
