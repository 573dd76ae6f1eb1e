package dev.magnus.rollback;

import java.util.List;
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
   * Return how many sessions this engine holds open, without copying their ids: cheap enough for a
   * metrics gauge sampled often. 0 once the engine is closed.
   *
   * @return the count
   */
  default int openSessionCount() {
    try {
      return openSessions().size();
    } catch (ClosedException e) {
      return 0;
    }
  }

  /**
   * Return how many asynchronous checkpoints ({@link Session#createCheckpointAsync}) are queued or
   * running, across every session. 0 for an engine without a queue, and once the queue drained on close.
   *
   * @return the count
   */
  default int queuedCheckpoints() {
    return 0;
  }

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
   * Return one page of the ids of the sessions the store holds, in ascending order, open here or not.
   * No state is loaded, so paging through many thousands of sessions is cheap.
   *
   * @param after the cursor of the previous page ({@link SessionPage#nextCursor()}); "" for the first page
   * @param limit the most ids on the page, at least 1
   * @return the page
   * @throws IllegalArgumentException if the limit is below 1
   * @throws ClosedException if the engine is closed
   */
  SessionPage sessions(String after, int limit);

  /**
   * Return a session's stored checkpoints that the query selects, each with its integrity when the query
   * asks for verification ({@link HistoryQuery#verified()}). Reads only.
   *
   * @param sessionId the session, open here or only stored
   * @param query types, sequence range, order, limit and verification
   * @return the checkpoints, in the query's order
   * @throws SessionNotFoundException if the store holds no checkpoint of the session
   * @throws ClosedException if the engine is closed
   */
  List<CheckpointStatus> checkpoints(String sessionId, HistoryQuery query);

  /**
   * Return the store's figures and the engine's.
   *
   * @return the figures
   * @throws ClosedException if the engine is closed
   */
  EngineStats stats();

  /**
   * Delete every checkpoint of a session from the store (the store writes tombstones when it has the
   * TOMBSTONES capability), audited as SESSION_DELETED with the count.
   *
   * @param sessionId the session
   * @param force close the session first when it is open in this engine; without it an open session is refused
   * @return the number of checkpoints deleted
   * @throws IllegalStateException if the session is open in this engine and {@code force} is false; nothing is deleted
   * @throws SessionNotFoundException if the store holds no checkpoint of the session and it is not open
   * @throws ClosedException if the engine is closed
   */
  int deleteSession(String sessionId, boolean force);

  /**
   * Start a new session from a checkpoint of another one: the checkpoint is verified as a restore would
   * verify it, and the new session's SESSION_START holds its state, labelled {@code forkedFrom} (the
   * source session) and {@code forkedFromCheckpoint}. Audited as SESSION_FORKED in both sessions; the
   * source is left untouched (no checkpoint is written to it, its open handle is not changed).
   *
   * @param sourceSessionId the session to fork, open here or only stored
   * @param checkpointId one of its live checkpoints
   * @param newSessionId the id of the new session
   * @return the new session, open in this engine
   * @throws SessionNotFoundException if the store holds no checkpoint of the source session
   * @throws CheckpointNotFoundException if the checkpoint is not a live checkpoint of the source
   * @throws IntegrityViolationException if the checkpoint fails verification; nothing is written
   * @throws SessionAlreadyExistsException if the new id is open here or has checkpoints in the store
   * @throws IllegalArgumentException if an id is invalid
   * @throws ClosedException if the engine is closed
   */
  Session fork(String sourceSessionId, CheckpointId checkpointId, String newSessionId);

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
