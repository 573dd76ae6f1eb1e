package dev.magnus.rollback;

/** Name the action an audit entry records. */
public enum AuditAction {
  /** A session was initialized. */
  SESSION_INITIALIZED,
  /** A stored session was resumed. */
  SESSION_RESUMED,
  /** A session was closed and released from the engine. */
  SESSION_CLOSED,
  /** A session's checkpoints were deleted from the store (details: count, forced, tombstoned). */
  SESSION_DELETED,
  /** A session was forked from a checkpoint: audited in the source and in the new session. */
  SESSION_FORKED,
  /** A session's state was updated (only with {@code audit.stateUpdates}; details: keys, revision). */
  STATE_UPDATED,
  /** A checkpoint was written. */
  CHECKPOINT_CREATED,
  /** An automatic checkpoint was skipped (switch off or too soon); details say why. */
  CHECKPOINT_SKIPPED,
  /** A checkpoint could not be written. */
  CHECKPOINT_FAILED,
  /** Retention deleted checkpoints; details give the count. */
  CHECKPOINTS_PRUNED,
  /** A rollback started. */
  ROLLBACK_INITIATED,
  /** A rollback committed. */
  ROLLBACK_COMPLETED,
  /** A rollback failed; state is unchanged. */
  ROLLBACK_FAILED,
  /** A recovery attempt (or retry) ran. */
  RECOVERY_ATTEMPTED,
  /** Recovery ended with success. */
  RECOVERY_SUCCEEDED,
  /** Recovery ended with partial success. */
  RECOVERY_PARTIAL,
  /** Recovery failed. */
  RECOVERY_FAILED,
  /** Stored data failed its integrity check. */
  INTEGRITY_VIOLATION,
  /** An observer threw; the operation went on. */
  OBSERVER_FAILED,
  /** A checkpoint's state was read at an older schema version and migrated by the upcasters (details: from, to, checkpointId). */
  STATE_UPCAST
}
