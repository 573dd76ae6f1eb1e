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
   * Declare what the store guarantees.
   *
   * @return the capabilities
   */
  Set<StoreCapability> capabilities();

  /** Release resources; later calls throw {@link ClosedException}. Idempotent. */
  @Override
  void close();
}
