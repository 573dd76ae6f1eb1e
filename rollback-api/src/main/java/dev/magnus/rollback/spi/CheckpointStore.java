package dev.magnus.rollback.spi;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.StoreException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Store checkpoints: descriptors and opaque payload bytes, per session. Implementations must be
 * thread-safe and prove themselves with {@code rollback-tck}'s store contract.
 *
 * <p>Errors: {@link CheckpointConflictException} for a duplicate (session, sequence) or id,
 * {@link StoreException} for I/O and corruption, {@link ClosedException} after {@link #close()},
 * {@link IllegalArgumentException} for an invalid session id. A failed call changes nothing.
 *
 * <p>Every method that takes a session id validates it as {@link dev.magnus.rollback.SessionIds}
 * does, deletes included, and rejects an invalid one before it touches anything. Every descriptor
 * field comes back exactly as appended, across its whole range: sequences up to
 * {@link Long#MAX_VALUE}, {@code createdAt} to the nanosecond from {@link java.time.Instant#MIN} to
 * {@link java.time.Instant#MAX}, labels of any content. A store that does not declare
 * {@link StoreCapability#BOUNDED_MEMORY} keeps every checkpoint it acknowledged until it is deleted;
 * interrupting a caller never breaks the store for that caller (once its flag is cleared) or others.
 *
 * <p>Deletion frees the id and the (session, sequence): an append after a deletion is judged against
 * live checkpoints only, so a deleted id or sequence may be appended again, and is then served as the
 * new record, never as the deleted one; a durable store's old deletion must not remove it on reopen.
 * The reason: the engine never reuses an id (it creates fresh, time-ordered ones), and it appends a
 * sequence again only when a session starts afresh after {@link #deleteSession}, or after an append
 * whose outcome was unknown proved not stored; retention never deletes the newest checkpoint, so the
 * engine never appends below a live one. Keeping deleted ids reserved would make every store remember
 * every deletion forever. A {@link StoreCapability#SHARED} store may in addition refuse, with
 * {@link CheckpointConflictException}, an append whose parent is no longer live in a session that
 * lost checkpoints (a late writer on another node that missed the deletion); an append whose parent
 * is live, or without a parent into an empty session, must be accepted.
 */
public interface CheckpointStore extends AutoCloseable {
  /**
   * Append a checkpoint atomically; the store copies the bytes. When the store declares
   * {@link StoreCapability#DURABLE}, the record is durable when this returns.
   *
   * @param record the checkpoint and its payload
   * @throws CheckpointConflictException if the session already has that sequence, or the id exists;
   *     the store is unchanged
   */
  void append(CheckpointRecord record);

  /**
   * Append a checkpoint, then delete older checkpoints of the same session, as retention does after
   * each append.
   *
   * <p>The append is the commit point and has the semantics of {@link #append}: on a conflict nothing
   * changes. Stores that can should make the two one unit that costs a single durable write (one
   * force, one transaction), so that retention does not double the cost of a checkpoint; the default
   * calls {@link #append} then {@link #delete}. If this throws after the append took effect (the
   * default's delete failed, say), the caller cannot tell from the exception alone: it checks with
   * {@link #read}.
   *
   * @param record the checkpoint and its payload
   * @param deletes checkpoints of the record's session to delete; unknown ids are ignored
   * @return how many were deleted
   * @throws CheckpointConflictException if the session already has that sequence, or the id exists;
   *     nothing was appended or deleted
   */
  default int appendThenDelete(CheckpointRecord record, Collection<CheckpointId> deletes) {
    append(record);
    return deletes.isEmpty() ? 0 : delete(record.checkpoint().sessionId(), deletes);
  }

  /**
   * Read one checkpoint with its payload.
   *
   * @param sessionId the session
   * @param id the checkpoint id
   * @return the record; empty if the session has no such live checkpoint
   */
  Optional<CheckpointRecord> read(String sessionId, CheckpointId id);

  /**
   * List descriptors of one session.
   *
   * @param sessionId the session
   * @param query filters, limit and order
   * @return the matching descriptors; empty for an unknown session
   */
  List<Checkpoint> list(String sessionId, CheckpointQuery query);

  /**
   * Return the descriptor with the highest sequence.
   *
   * @param sessionId the session
   * @return the newest live checkpoint, if any
   */
  Optional<Checkpoint> latest(String sessionId);

  /**
   * Delete checkpoints of one session; unknown ids are ignored.
   *
   * @param sessionId the session
   * @param ids the checkpoints to delete
   * @return how many were deleted
   */
  int delete(String sessionId, Collection<CheckpointId> ids);

  /**
   * Delete every checkpoint of a session.
   *
   * @param sessionId the session
   * @return how many were deleted
   */
  int deleteSession(String sessionId);

  /**
   * Return the sessions with at least one live checkpoint.
   *
   * @return a snapshot
   */
  Set<String> sessions();

  /**
   * Report size and health.
   *
   * @return the figures
   */
  StoreStats stats();

  /**
   * Register a listener for the store's own events (for example a durable store's group commits and
   * forces), for metrics. A store without such events ignores it; a store that wraps another passes it on.
   * The listener is called on the store's writing thread: it must be fast and thread-safe; an exception
   * it throws is logged and never fails a store operation.
   *
   * @param listener the listener
   * @return true if the store (or a store it wraps) reports events to it
   */
  default boolean addListener(StoreListener listener) {
    return false;
  }

  /**
   * Declare what the store guarantees.
   *
   * @return the capabilities
   */
  Set<StoreCapability> capabilities();

  /** Release resources; later calls throw {@link ClosedException}. Idempotent. */
  @Override
  void close();
}
