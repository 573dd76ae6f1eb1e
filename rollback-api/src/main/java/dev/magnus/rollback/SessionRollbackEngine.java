package dev.magnus.rollback;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Manage many sessions over one checkpoint store, with one audit log and one set of observers.
 *
 * <p>Thread-safe. Obtain the default engine from {@code dev.magnus.rollback.core.SessionRollback};
 * another implementation must pass the engine contract of the TCK.
 */
public interface SessionRollbackEngine extends AutoCloseable {
  /**
   * Start a new session and write its SESSION_START checkpoint.
   *
   * @param sessionId the new session's id
   * @param metadata who the session serves
   * @param attributes the initial state
   * @return the session
   * @throws SessionAlreadyExistsException if the engine or the store holds the id; resume it instead
   * @throws IllegalArgumentException if the id is invalid
   */
  Session initialize(String sessionId, SessionMetadata metadata, Map<String, ?> attributes);

  /**
   * Start a new session with empty state.
   *
   * @param sessionId the new session's id
   * @param metadata who the session serves
   * @return the session
   */
  default Session initialize(String sessionId, SessionMetadata metadata) {
    return initialize(sessionId, metadata, Map.of());
  }

  /**
   * Resume a session that the store holds, for example after a restart: its state is that of its
   * newest checkpoint, which is exactly the last committed state. A session the engine already holds
   * open is returned as is.
   *
   * @param sessionId the session id
   * @return the session
   * @throws SessionNotFoundException if the store has no checkpoint of it
   * @throws IntegrityViolationException if the newest checkpoint fails its hash check
   */
  Session resume(String sessionId);

  /**
   * Return an open session.
   *
   * @param sessionId the id
   * @return the session, if this engine holds it open
   */
  Optional<Session> session(String sessionId);

  /**
   * Return the ids of the sessions this engine holds open.
   *
   * @return a snapshot
   */
  Set<String> openSessions();

  /**
   * Return the audit log.
   *
   * @return the log
   */
  AuditLog getAuditLog();

  /**
   * Register an observer.
   *
   * @param observer the observer
   */
  void addObserver(SessionObserver observer);

  /**
   * Remove an observer.
   *
   * @param observer the observer
   * @return true if it was registered
   */
  boolean removeObserver(SessionObserver observer);

  /**
   * Return the configuration the engine runs with.
   *
   * @return the configuration
   */
  RollbackConfig config();

  /**
   * Apply retention now to every session the store holds, open in this engine or not, under the rules
   * of the retention after each append: never a session's newest checkpoint, never a pinned type, never
   * the target of a rollback in flight. Each session's deletions are audited (CHECKPOINTS_PRUNED with
   * the count) and observed ({@link SessionObserver#checkpointsPruned}). The engine also runs this on
   * its scheduler every {@link CheckpointConfig#sweepInterval()}; a call waits for busy sessions.
   *
   * @return what the sweep did
   * @throws ClosedException if the engine is closed
   * @throws StoreException if the store cannot list its sessions
   */
  CleanupResult cleanup();

  /** Close the engine and its store; later calls throw {@link ClosedException}. Idempotent. */
  @Override
  void close();
}
