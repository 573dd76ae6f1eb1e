package dev.magnus.rollback.store.jdbc;

import dev.magnus.rollback.Checkpoint;
import java.util.concurrent.locks.Condition;
import org.jspecify.annotations.Nullable;

/**
 * One caller's append, from the moment it is queued in {@link GroupCommit} until its outcome is known.
 * The record's fields are immutable; {@code outcome} and {@code promoted} are guarded by the group
 * commit's lock, and {@code ready} is a condition of that lock, signalled when either changes.
 */
final class PendingAppend {
  final Checkpoint checkpoint;
  final byte[] payload;
  /** The ids to delete once the record is inserted, without duplicates. */
  final String[] deletes;
  final Condition ready;
  /** Set once, when the batch that held this append is over (guarded by the group commit's lock). */
  @Nullable AppendOutcome outcome;
  /** Set when this caller is asked to write the next batch (guarded by the group commit's lock). */
  boolean promoted;

  PendingAppend(Checkpoint checkpoint, byte[] payload, String[] deletes, Condition ready) {
    this.checkpoint = checkpoint;
    this.payload = payload;
    this.deletes = deletes;
    this.ready = ready;
  }
}
