package dev.magnus.rollback;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Signal a failure of a Session Rollback operation; the abstract root of every exception the framework throws.
 *
 * <p>Subclasses name the kind of failure. Every message says what was wrong, with which value, and
 * what to do about it. An operation that throws one of these leaves session state unchanged.
 * {@link #sessionId()} and {@link #checkpointId()} name the session and the checkpoint the failure
 * concerns where the thrower knew them, so that callers need not parse the message.
 *
 * <p>Immutable once thrown, like any exception; safe to pass between threads.
 */
public abstract class RollbackException extends RuntimeException {
  /** The session, or null when not known. */
  private final @Nullable String sessionId;
  /** The checkpoint id's text, or null when not known; a String so that the exception stays serializable. */
  private final @Nullable String checkpointId;

  /**
   * Create an exception with a message and no session or checkpoint.
   *
   * @param message what went wrong, with the offending value and the fix
   */
  protected RollbackException(String message) {
    this(message, null, null, null);
  }

  /**
   * Create an exception with a message and the cause; the session and checkpoint are the cause's when it
   * is a {@code RollbackException}.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure, or null when there is none
   */
  protected RollbackException(String message, @Nullable Throwable cause) {
    this(message, null, null, cause);
  }

  /**
   * Create an exception that concerns a session and possibly one of its checkpoints. For this constructor
   * (meant for subclasses) null means "not known": a value that is null is then taken from the cause when
   * the cause is a {@code RollbackException}.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param sessionId the session the failure concerns, or null when not known
   * @param checkpointId the checkpoint the failure concerns, or null when not known or not one checkpoint
   * @param cause the underlying failure, or null when there is none
   */
  protected RollbackException(String message, @Nullable String sessionId, @Nullable CheckpointId checkpointId,
      @Nullable Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    RollbackException inner = cause instanceof RollbackException r ? r : null;
    this.sessionId = sessionId != null ? sessionId : inner != null ? inner.sessionId : null;
    this.checkpointId = checkpointId != null ? checkpointId.value() : inner != null ? inner.checkpointId : null;
  }

  /**
   * Return the message: never null, since every constructor requires one.
   *
   * @return what went wrong, with the offending value and the fix
   */
  @Override
  public String getMessage() {
    return Objects.requireNonNull(super.getMessage());
  }

  /**
   * Return the session this failure concerns.
   *
   * @return the session id, or empty when the failure concerns no one session or the thrower did not know it
   */
  public Optional<String> sessionId() {
    return Optional.ofNullable(sessionId);
  }

  /**
   * Return the checkpoint this failure concerns, for example the one that was not found, failed its
   * integrity check or conflicted with a stored one.
   *
   * @return the checkpoint id, or empty when the failure concerns no one checkpoint or the thrower did not
   *     know it
   */
  public Optional<CheckpointId> checkpointId() {
    return Optional.ofNullable(checkpointId).map(CheckpointId::new);
  }
}
