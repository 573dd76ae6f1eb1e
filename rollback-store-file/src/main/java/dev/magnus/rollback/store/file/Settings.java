package dev.magnus.rollback.store.file;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Hold the validated settings of one file store. Immutable.
 *
 * @param dir the store directory
 * @param fsync when data is forced
 * @param fsyncInterval the force period under {@link FsyncPolicy#INTERVAL}
 * @param segmentBytes the size at which the active segment rolls
 * @param hook the crash-injection seam; {@link StoreHook#NONE} in production
 * @param readOnly open without writing anything
 * @param groupAccess let the owner's group read the files (0750/0640 instead of 0700/0600)
 */
record Settings(Path dir, FsyncPolicy fsync, Duration fsyncInterval, long segmentBytes, StoreHook hook,
    boolean readOnly, boolean groupAccess) {}
