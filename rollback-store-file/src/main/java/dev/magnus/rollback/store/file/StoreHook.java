package dev.magnus.rollback.store.file;

import java.io.IOException;

/**
 * Observe the steps of multi-step file operations; the test seam for crash injection.
 *
 * <p>Tests install a hook that throws at one step to stop the operation exactly there, as a crash
 * would, then reopen the directory. Production uses {@link #NONE}. Called by the thread that leads
 * the store's writer (a caller's thread; one at a time, each call happening after the previous one)
 * and during open; implementations need not be thread-safe.
 */
interface StoreHook {
  /** The hook that does nothing. */
  StoreHook NONE = step -> { };

  /** The places where a hook is called: each is after the named step and before the next. */
  enum Step {
    /** A batch is written, not yet forced. */
    BATCH_WRITTEN,
    /** A new segment's temp file holds its header, not yet forced. */
    ROLL_TEMP_WRITTEN,
    /** The new segment's temp file is forced, not yet renamed. */
    ROLL_TEMP_FORCED,
    /** The new segment is renamed into place, the directory not yet forced. */
    ROLL_RENAMED,
    /** A compacted copy is written to its temp file, not yet forced. */
    COMPACT_TEMP_WRITTEN,
    /** The compacted copy is forced, not yet renamed over the segment. */
    COMPACT_TEMP_FORCED,
    /** The compacted copy replaced the segment, the directory not yet forced. */
    COMPACT_RENAMED,
    /** A dead segment's file is deleted, the directory not yet forced. */
    SEGMENT_DELETED,
    /** A new manifest is renamed into place, the directory not yet forced. */
    MANIFEST_RENAMED,
    /** The active segment's seal is written, not yet forced. */
    SEAL_WRITTEN
  }

  /**
   * Observe a step; throwing stops the operation there.
   *
   * @param step the step just done
   * @throws IOException to simulate a failure or crash at this point
   */
  void at(Step step) throws IOException;
}
