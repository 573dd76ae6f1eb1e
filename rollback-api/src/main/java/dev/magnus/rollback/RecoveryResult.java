package dev.magnus.rollback;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Report how a recovery ended. Immutable.
 *
 * <p>Create one with {@link #succeeded}, {@link #partial} or {@link #failed} (or {@link #builder} when the
 * outcome is computed, {@link #from} to copy one), which name each value:
 *
 * <pre>{@code
 * return RecoveryResult.succeeded(context.sessionId(), name(), context.failure().type())
 *     .restored(target).recoveryPoint(rollback.recoveryPoint().id())
 *     .attempts(1).validations(3).message("restored checkpoint " + target).duration(elapsed).build();
 * }</pre>
 *
 * @param sessionId the session recovered
 * @param strategy the name of the strategy that ran
 * @param failure the failure type that was recovered from
 * @param outcome SUCCESS, PARTIAL (restored, but a step could not be replayed) or FAILURE
 * @param restored the checkpoint whose state was restored, if any
 * @param recoveryPoint the RECOVERY_POINT checkpoint written on success or partial success, if any
 * @param attempts how many attempts ran (restores plus step attempts)
 * @param validations how many checkpoint validations ran
 * @param failedStep the step that exhausted its attempts, for PARTIAL
 * @param message what happened, in one sentence
 * @param duration how long recovery took
 */
public record RecoveryResult(
    String sessionId,
    String strategy,
    FailureType failure,
    Outcome outcome,
    Optional<CheckpointId> restored,
    Optional<CheckpointId> recoveryPoint,
    int attempts,
    int validations,
    Optional<String> failedStep,
    String message,
    Duration duration) {
  /**
   * Validate. Prefer the factories ({@link #succeeded}, {@link #partial}, {@link #failed}, {@link #builder}):
   * this canonical constructor is public because a record's is, and its parameter list grows with the
   * record, where the builder's named setters do not break.
   *
   * @throws NullPointerException when a component is null
   */
  public RecoveryResult {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(restored, "restored");
    Objects.requireNonNull(recoveryPoint, "recoveryPoint");
    Objects.requireNonNull(failedStep, "failedStep");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(duration, "duration");
  }

  /**
   * Start a SUCCESS result: the session is in a good state again. Set at least the message; set
   * {@linkplain Builder#restored restored}, {@linkplain Builder#recoveryPoint recoveryPoint} and the counts
   * as they apply.
   *
   * @param sessionId the session recovered
   * @param strategy the name of the strategy that ran
   * @param failure the failure type recovered from
   * @return the builder
   * @throws NullPointerException when an argument is null
   */
  public static Builder succeeded(String sessionId, String strategy, FailureType failure) {
    return builder(sessionId, strategy, failure, Outcome.SUCCESS);
  }

  /**
   * Start a PARTIAL result: a checkpoint was restored, but a step could not be replayed.
   *
   * @param sessionId the session recovered
   * @param strategy the name of the strategy that ran
   * @param failure the failure type recovered from
   * @param failedStep the step that exhausted its attempts
   * @return the builder
   * @throws NullPointerException when an argument is null
   */
  public static Builder partial(String sessionId, String strategy, FailureType failure, String failedStep) {
    return builder(sessionId, strategy, failure, Outcome.PARTIAL).failedStep(failedStep);
  }

  /**
   * Start a FAILURE result: nothing good could be restored.
   *
   * @param sessionId the session recovered
   * @param strategy the name of the strategy that ran
   * @param failure the failure type recovered from
   * @return the builder
   * @throws NullPointerException when an argument is null
   */
  public static Builder failed(String sessionId, String strategy, FailureType failure) {
    return builder(sessionId, strategy, failure, Outcome.FAILURE);
  }

  /**
   * Start a result whose outcome is computed.
   *
   * @param sessionId the session recovered
   * @param strategy the name of the strategy that ran
   * @param failure the failure type recovered from
   * @param outcome SUCCESS, PARTIAL or FAILURE
   * @return the builder
   * @throws NullPointerException when an argument is null
   */
  public static Builder builder(String sessionId, String strategy, FailureType failure, Outcome outcome) {
    return new Builder(sessionId, strategy, failure, outcome);
  }

  /**
   * Start a builder holding every value of another result, to change some of them.
   *
   * @param base the result to copy
   * @return the builder
   * @throws NullPointerException when the base is null
   */
  public static Builder from(RecoveryResult base) {
    Objects.requireNonNull(base, "base");
    Builder b = new Builder(base.sessionId, base.strategy, base.failure, base.outcome);
    b.restored = base.restored;
    b.recoveryPoint = base.recoveryPoint;
    b.attempts = base.attempts;
    b.validations = base.validations;
    b.failedStep = base.failedStep;
    b.message = base.message;
    b.duration = base.duration;
    return b;
  }

  /**
   * Tell whether the session is in a good state again.
   *
   * @return true for SUCCESS
   */
  public boolean succeeded() {
    return outcome == Outcome.SUCCESS;
  }

  /**
   * Build a {@link RecoveryResult}: counts start at 0, {@code duration} at zero, {@code restored},
   * {@code recoveryPoint} and {@code failedStep} empty; the message must be set. Not thread-safe.
   */
  public static final class Builder {
    private final String sessionId;
    private String strategy;
    private final FailureType failure;
    private Outcome outcome;
    private Optional<CheckpointId> restored = Optional.empty();
    private Optional<CheckpointId> recoveryPoint = Optional.empty();
    private int attempts;
    private int validations;
    private Optional<String> failedStep = Optional.empty();
    private @Nullable String message;
    private Duration duration = Duration.ZERO;

    private Builder(String sessionId, String strategy, FailureType failure, Outcome outcome) {
      this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
      this.strategy = Objects.requireNonNull(strategy, "strategy");
      this.failure = Objects.requireNonNull(failure, "failure");
      this.outcome = Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * Change the name of the strategy that ran, for example of a copy made with {@link RecoveryResult#from}.
     *
     * @param name the strategy's name
     * @return this
     * @throws NullPointerException when the name is null
     */
    public Builder strategy(String name) {
      strategy = Objects.requireNonNull(name, "strategy");
      return this;
    }

    /**
     * Change the outcome, for example of a copy made with {@link RecoveryResult#from}.
     *
     * @param value SUCCESS, PARTIAL or FAILURE
     * @return this
     * @throws NullPointerException when the value is null
     */
    public Builder outcome(Outcome value) {
      outcome = Objects.requireNonNull(value, "outcome");
      return this;
    }

    /**
     * Name the checkpoint whose state was restored.
     *
     * @param id the checkpoint
     * @return this
     * @throws NullPointerException when the id is null
     */
    public Builder restored(CheckpointId id) {
      restored = Optional.of(Objects.requireNonNull(id, "restored"));
      return this;
    }

    /**
     * Name the RECOVERY_POINT checkpoint that recovery wrote.
     *
     * @param id the checkpoint
     * @return this
     * @throws NullPointerException when the id is null
     */
    public Builder recoveryPoint(CheckpointId id) {
      recoveryPoint = Optional.of(Objects.requireNonNull(id, "recoveryPoint"));
      return this;
    }

    /**
     * Set how many attempts ran (restores plus step attempts).
     *
     * @param count the attempts
     * @return this
     */
    public Builder attempts(int count) {
      attempts = count;
      return this;
    }

    /**
     * Set how many checkpoint validations ran.
     *
     * @param count the validations
     * @return this
     */
    public Builder validations(int count) {
      validations = count;
      return this;
    }

    /**
     * Name the step that exhausted its attempts.
     *
     * @param step the step's name
     * @return this
     * @throws NullPointerException when the name is null
     */
    public Builder failedStep(String step) {
      failedStep = Optional.of(Objects.requireNonNull(step, "failedStep"));
      return this;
    }

    /**
     * Say what happened, in one sentence.
     *
     * @param text the message
     * @return this
     * @throws NullPointerException when the text is null
     */
    public Builder message(String text) {
      message = Objects.requireNonNull(text, "message");
      return this;
    }

    /**
     * Set how long recovery took.
     *
     * @param value the duration
     * @return this
     * @throws NullPointerException when the value is null
     */
    public Builder duration(Duration value) {
      duration = Objects.requireNonNull(value, "duration");
      return this;
    }

    /**
     * Build the result.
     *
     * @return the result
     * @throws IllegalStateException when no message was set
     */
    public RecoveryResult build() {
      if (message == null) {
        throw new IllegalStateException("the recovery result of session '" + sessionId + "' by " + strategy
            + " has no message: set one saying what recovery did");
      }
      return new RecoveryResult(sessionId, strategy, failure, outcome, restored, recoveryPoint, attempts, validations,
          failedStep, message, duration);
    }
  }
}
