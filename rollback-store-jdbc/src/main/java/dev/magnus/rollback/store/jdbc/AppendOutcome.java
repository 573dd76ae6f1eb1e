package dev.magnus.rollback.store.jdbc;

import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/** What one append of a batch came to; the caller turns it into a return value or an exception. Immutable. */
sealed interface AppendOutcome {
  /** The record was inserted, and {@code deleted} of the checkpoints it named were deleted, all committed. */
  record Stored(int deleted) implements AppendOutcome {}

  /**
   * The lineage check refused the record: the session lost checkpoints up to {@code deletedHigh}, or -1
   * when the batch did not read it.
   */
  record Refused(long deletedHigh) implements AppendOutcome {}

  /**
   * The record found its (session, sequence) or its id taken: it lost the compare-and-set.
   *
   * @param cause the unique violation that said so (its constraint names what was taken), or null when a
   *     batch left the record out without one
   */
  record Lost(@Nullable SQLException cause) implements AppendOutcome {}

  /**
   * The batch failed as a whole: nothing of it was committed, or, when {@code sent} and the connection
   * was lost, the outcome is unknown.
   *
   * @param cause the failure, shared by every record of the batch
   * @param sent whether the batch had been sent to the server when it failed
   * @param batchSize how many appends the batch held
   */
  record Failed(Throwable cause, boolean sent, int batchSize) implements AppendOutcome {}
}
