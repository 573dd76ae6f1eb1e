package dev.magnus.rollback.tck;

import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Prove a {@link RecoveryStrategy} right: extend this class and implement {@link #createStrategy}, and
 * declare what the strategy promises with {@link #kind()}. The cases drive the strategy through a
 * {@link ScriptedRecoveryContext} on virtual time (a {@link ManualClock} and a {@link VirtualScheduler}),
 * so waits of hours take milliseconds and every wait, time limit and attempt is checked exactly.
 *
 * <p>For every kind: a good checkpoint is restored on success, and exactly the one the kind promises,
 * in histories whose ids, lengths and good/bad patterns differ between sessions and between
 * recoveries (so nothing learned in one recovery may be reused in the next); corrupt or invalid
 * candidates are never restored; a failed restore leaves no partial state and is reported as a
 * FAILURE result (never an exception); the result's fields are right and its duration is measured
 * on the context's clock. For {@link StrategyKind#STEP_REPLAY}: each step sees the previous step's
 * output, no step runs after one that failed, PARTIAL keeps the state after the last good step and
 * names the failed one, every RECOVERY_POINT holds the state after its step; a step is attempted
 * exactly {@code maxAttempts} times (once when the failure's type is not in {@code retryOn}), each
 * attempt reported once through {@code attempted(n, step, waitBefore, cause)}; the wait before attempt
 * k is {@code initialDelay * backoffMultiplier^(k-2)}, at most {@code maxDelay}, waited on the
 * context's scheduler; an attempt that hangs is interrupted at {@code stepTimeout} and counts as a
 * failed attempt.
 *
 * <p>Interrupts: when the recovering thread is interrupted before or during a wait, the strategy must
 * stop: start no further attempt or step, return (not throw) a result whose outcome is FAILURE or
 * PARTIAL (naming the interrupted step) and whose message contains the word "interrupt", leave the
 * session in the state of its newest committed checkpoint, and return with the thread's interrupt flag
 * still set.
 *
 * <p>Every recovery must return within {@link #realTimeLimit()} of real time: a strategy that sleeps on
 * the real clock, or blocks on a hung step without a time limit, fails there.
 */
@ExtendWith(ContractSummaryExtension.class)
public abstract class RecoveryStrategyContract {
  /** Create the contract; JUnit instantiates the subclass. */
  protected RecoveryStrategyContract() {}

  /**
   * Create the strategy under test. Each case calls this with its own options, which are also what the
   * context's {@code options()} returns.
   *
   * @param config the recovery options of the case, built from {@link #config()}
   * @return the strategy
   */
  protected abstract RecoveryStrategy createStrategy(RecoveryConfig config);

  /**
   * Return the options the general cases run with (no waits between retries, two attempts per step);
   * the retry, backoff and time-limit cases start from these and set their own values.
   *
   * @return the options
   */
  protected RecoveryConfig config() {
    return RecoveryConfig.custom().maxAttempts(2).initialDelay(Duration.ZERO).maxDelay(Duration.ZERO)
        .stepTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * Tell whether the strategy replays the failed operation's steps (DECOMPOSE); the default
   * {@link #kind()} is {@link StrategyKind#STEP_REPLAY} when this is true.
   *
   * @return true to run the step cases
   */
  protected boolean replaysSteps() {
    return false;
  }

  /**
   * Declare what the strategy promises: which checkpoint it restores and whether it replays steps.
   *
   * @return {@link StrategyKind#STEP_REPLAY} when {@link #replaysSteps()} is true, else
   *     {@link StrategyKind#NEWEST_GOOD}
   */
  protected StrategyKind kind() {
    return replaysSteps() ? StrategyKind.STEP_REPLAY : StrategyKind.NEWEST_GOOD;
  }

  /**
   * Return how long, in real time, one recovery may take before the case fails. Waits and time limits
   * pass on virtual time, so a strategy that keeps to the context's clock and scheduler needs
   * milliseconds.
   *
   * @return the bound; 30 seconds by default
   */
  protected Duration realTimeLimit() {
    return Duration.ofSeconds(30);
  }

  /** Outcomes and result fields. */
  @Nested
  @DisplayName("Outcomes")
  class Outcomes extends StrategyOutcomeCases {
    @Override
    RecoveryStrategyContract contract() {
      return RecoveryStrategyContract.this;
    }
  }

  /** Corrupt and invalid candidates. */
  @Nested
  @DisplayName("Integrity")
  class Integrity extends StrategyIntegrityCases {
    @Override
    RecoveryStrategyContract contract() {
      return RecoveryStrategyContract.this;
    }
  }

  /** Failed restores leave nothing behind. */
  @Nested
  @DisplayName("NoPartialState")
  class NoPartialState extends StrategyNoPartialStateCases {
    @Override
    RecoveryStrategyContract contract() {
      return RecoveryStrategyContract.this;
    }
  }

  /** Exactly the checkpoint the kind promises, in varied histories. */
  @Nested
  @DisplayName("Selection")
  class Selection extends StrategySelectionCases {
    @Override
    RecoveryStrategyContract contract() {
      return RecoveryStrategyContract.this;
    }
  }

  /** Durations measured on the context's clock. */
  @Nested
  @DisplayName("Clock")
  class Clock extends StrategyClockCases {
    @Override
    RecoveryStrategyContract contract() {
      return RecoveryStrategyContract.this;
    }
  }

  /** Step replay, for STEP_REPLAY strategies. */
  @Nested
  @DisplayName("Steps")
  class Steps extends StrategyStepCases {
    @Override
    RecoveryStrategyContract contract() {
      return RecoveryStrategyContract.this;
    }
  }

  /** Attempts per step, their reports and retryOn, for STEP_REPLAY strategies. */
  @Nested
  @DisplayName("Attempts")
  class Attempts extends StrategyAttemptCases {
    @Override
    RecoveryStrategyContract contract() {
      return RecoveryStrategyContract.this;
    }
  }

  /** The wait before each attempt, for STEP_REPLAY strategies. */
  @Nested
  @DisplayName("Backoff")
  class Backoff extends StrategyBackoffCases {
    @Override
    RecoveryStrategyContract contract() {
      return RecoveryStrategyContract.this;
    }
  }

  /** Hung attempts cut at the step time limit, for STEP_REPLAY strategies. */
  @Nested
  @DisplayName("TimeLimits")
  class TimeLimits extends StrategyTimeLimitCases {
    @Override
    RecoveryStrategyContract contract() {
      return RecoveryStrategyContract.this;
    }
  }

  /** Interrupts before and during a wait, for STEP_REPLAY strategies. */
  @Nested
  @DisplayName("Interrupts")
  class Interrupts extends StrategyInterruptCases {
    @Override
    RecoveryStrategyContract contract() {
      return RecoveryStrategyContract.this;
    }
  }
}
