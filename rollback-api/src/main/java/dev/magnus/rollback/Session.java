package dev.magnus.rollback;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/**
 * Handle one session: read and update its state, checkpoint it, roll it back and recover it.
 *
 * <p>Thread-safe: operations on one session are serialized; handles of different sessions work in
 * parallel. Every method throws {@link ClosedException} once the engine is closed.
 */
public interface Session {
  /**
   * Return the session id.
   *
   * @return the id
   */
  String id();

  /**
   * Return the current state; immutable, so no copy is made.
   *
   * @return the state
   */
  SessionState getCurrentState();

  /**
   * Replace the state atomically; the engine bumps the revision. Updates live in memory; take a
   * checkpoint to make them durable.
   *
   * @param change a function from the current state to the new one; it must keep the session id
   * @return the new state
   * @throws InvalidStateException if the function returns another session's state or null; the
   *     state is unchanged
   */
  SessionState update(UnaryOperator<SessionState> change);

  /**
   * Return the mapper this session's typed methods use: the engine's (configurable through its
   * builder), or by default {@link StateMapper#discovered()}.
   *
   * @return the mapper
   */
  default StateMapper stateMapper() {
    return StateMapper.discovered();
  }

  /**
   * Read the whole state as one Java type whose properties are the attributes (a record
   * {@code record Trip(Route route, List<Hop> hops)} for attributes {@code route} and {@code hops}).
   *
   * @param type the type
   * @param <T> the type
   * @return the state as that type
   * @throws InvalidStateException naming the JSON path and the type if the attributes do not convert
   */
  default <T> T state(Class<T> type) {
    return stateMapper().fromJson(getCurrentState().attributes(), type, "attributes");
  }

  /**
   * Replace the state through its typed view: read it as {@code type}, apply {@code change}, and store
   * the result's properties as the attributes (all of them: a property the result drops is removed).
   * Atomic like {@link #update(UnaryOperator)}; nothing changes if a conversion fails.
   *
   * @param type the type
   * @param change from the current typed state to the new one
   * @param <T> the type
   * @return the new state
   * @throws InvalidStateException if the state does not convert to {@code type}, or the result does not
   *     convert to a JSON object; the state is unchanged
   */
  default <T> SessionState update(Class<T> type, UnaryOperator<T> change) {
    StateMapper mapper = stateMapper();
    return update(s -> {
      T typed = mapper.fromJson(s.attributes(), type, "attributes");
      Object json = mapper.toJson(change.apply(typed), "attributes");
      if (!(json instanceof Map<?, ?> map)) {
        throw new InvalidStateException("the typed state " + type.getName() + " must convert to a JSON object (its "
            + "properties become the attributes), was " + (json == null ? "null" : json.getClass().getName()), s.sessionId());
      }
      Map<String, Object> attributes = new LinkedHashMap<>();
      map.forEach((k, v) -> attributes.put(String.valueOf(k), v));
      return new SessionState(s.sessionId(), s.metadata(), s.revision(), attributes);
    });
  }

  /**
   * Take a checkpoint of the current state, regardless of the auto-checkpoint switches.
   *
   * @param type why
   * @param description free text
   * @return the stored checkpoint
   * @throws InvalidStateException if the encoded state exceeds {@code checkpoint.maxStateBytes}
   * @throws StoreException if the store failed; its message says whether the outcome is unknown (the
   *     store may hold the checkpoint all the same): the session then asks the store before its next
   *     append, continues from the checkpoint if it was committed, and never appends its sequence again
   *     while that is unknown
   */
  Checkpoint createCheckpoint(CheckpointType type, String description);

  /**
   * Take a checkpoint with labels.
   *
   * @param type why
   * @param description free text
   * @param labels string labels stored with the checkpoint; keys starting with {@code rollback.} are
   *     reserved for the engine
   * @return the stored checkpoint
   * @throws IllegalArgumentException if a label key starts with {@code rollback.}
   */
  Checkpoint createCheckpoint(CheckpointType type, String description, Map<String, String> labels);

  /**
   * Take a checkpoint without blocking the caller; order per session is preserved and the stage fails
   * with a {@link StoreException} after {@link CheckpointConfig#checkpointTimeout()}.
   *
   * @param type why
   * @param description free text
   * @return a stage completed with the stored checkpoint
   */
  CompletionStage<Checkpoint> createCheckpointAsync(CheckpointType type, String description);

  /**
   * Take an automatic checkpoint if the configuration allows it now: the type's switch is on and
   * {@link CheckpointConfig#minInterval()} has passed since the last automatic one.
   *
   * @param type an automatic type (PATTERN_MILESTONE, SCORING_DECISION, THERAPEUTIC_PHASE, AUTO_PERIODIC)
   * @param description free text
   * @return the checkpoint, or why it was skipped
   * @throws IllegalArgumentException if the type is not automatic
   */
  AutoCheckpointResult autoCheckpoint(CheckpointType type, String description);

  /**
   * List this session's stored checkpoints, oldest first.
   *
   * @return the descriptors
   */
  List<Checkpoint> checkpoints();

  /**
   * Restore the state of a checkpoint atomically: write PRE_ROLLBACK with the current state, then
   * RECOVERY_POINT with the target's state (the commit point), then swap. On any failure the state is
   * unchanged and ROLLBACK_FAILED is audited. If the RECOVERY_POINT's append failed with an unknown
   * outcome and the store turns out to hold it, the session's next append descends from it (and a
   * resume after a restart restores the target), while this session keeps its state until it rolls
   * back again.
   *
   * @param checkpointId the checkpoint to restore
   * @return the committed rollback
   * @throws CheckpointNotFoundException if the id is unknown or belongs to another session
   * @throws IntegrityViolationException if the stored state fails its hash check
   * @throws StoreException if a write failed before the commit point, or at it with an unknown outcome
   */
  RollbackResult rollbackToCheckpoint(CheckpointId checkpointId);

  /**
   * Recover from a failure with the strategy the configuration selects for its type.
   *
   * @param failure what failed
   * @return how recovery ended; a failed recovery is a result, not an exception
   * @throws ProviderNotFoundException if the selected strategy is not on the class path
   */
  RecoveryResult recover(Failure failure);

  /**
   * Release the session from the engine; its checkpoints stay in the store and it can be resumed.
   */
  void close();
}
