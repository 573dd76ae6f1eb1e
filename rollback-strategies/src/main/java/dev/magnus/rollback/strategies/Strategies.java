package dev.magnus.rollback.strategies;

import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Create the shipped recovery strategies without going through {@link java.util.ServiceLoader}.
 *
 * <p>Every strategy returned is immutable and thread-safe: one instance may recover many sessions at
 * once, each through its own {@link dev.magnus.rollback.spi.RecoveryContext}. Waits and time limits
 * run on the context's scheduler and are measured with its clock. No strategy restores a
 * {@code PRE_ROLLBACK} checkpoint, because it holds the state that was current when a rollback
 * began, which is usually the bad one.
 */
public final class Strategies {
  /** The name of the IMMEDIATE strategy. */
  public static final String IMMEDIATE = ImmediateStrategy.NAME;
  /** The name of the DECOMPOSE strategy. */
  public static final String DECOMPOSE = DecomposeStrategy.NAME;
  /** The name of the PROGRESSIVE strategy, linear or bisecting per {@code recovery.progressive.mode}. */
  public static final String PROGRESSIVE = ProgressiveStrategy.NAME;

  private Strategies() {}

  /**
   * Create IMMEDIATE: restore the newest checkpoint that passes integrity and validation.
   *
   * @return the strategy
   */
  public static RecoveryStrategy immediate() {
    return new ImmediateStrategy();
  }

  /**
   * Create DECOMPOSE: restore the newest good checkpoint, then replay the failure's steps one by one
   * under a Resilience4j retry and time limit, checkpointing after each.
   *
   * <p>Step actions run on a shared pool of daemon threads owned by this module, never on the
   * scheduler, so that a hanging step cannot hold the thread its own timeout needs.
   *
   * @param config retry ({@code maxAttempts}, backoff, {@code retryOn}) and {@code stepTimeout}
   * @return the strategy
   */
  public static RecoveryStrategy decompose(RecoveryConfig config) {
    return decompose(config, DefaultStepExecutor.INSTANCE);
  }

  /**
   * Create DECOMPOSE running step actions on the given executor.
   *
   * <p>The executor must not be the only thread of the context's scheduler: a step that hangs would
   * then block the task that times it out. A timed-out step's task is interrupted.
   *
   * @param config retry ({@code maxAttempts}, backoff, {@code retryOn}) and {@code stepTimeout}
   * @param stepExecutor where step actions run
   * @return the strategy
   */
  public static RecoveryStrategy decompose(RecoveryConfig config, Executor stepExecutor) {
    return new DecomposeStrategy(config, stepExecutor);
  }

  /**
   * Create PROGRESSIVE: find the first checkpoint that fails validation and restore the one before
   * it, searching oldest to newest ({@code LINEAR}) or by bisection ({@code BISECT}) as
   * {@code config.progressiveMode()} says.
   *
   * @param config the recovery section; only {@code progressiveMode} is used
   * @return the strategy
   */
  public static RecoveryStrategy progressive(RecoveryConfig config) {
    return new ProgressiveStrategy(BoundarySearch.forMode(Objects.requireNonNull(config, "config").progressiveMode()));
  }

  /* A cached pool of daemon threads: idle threads end after a minute, so an idle JVM holds none. */
  private static final class DefaultStepExecutor {
    static final ExecutorService INSTANCE = Executors.newCachedThreadPool(new ThreadFactory() {
      private final AtomicInteger count = new AtomicInteger();

      @Override
      public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, "rollback-recovery-step-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      }
    });
  }
}
