/**
 * The durable file checkpoint store: append-only segment files with CRC32C-framed records, group
 * commit under {@code fsync=always}, crash recovery on open (torn tails cut, corrupt segments
 * salvaged and quarantined), tombstones and compaction. Registered as store provider {@code file};
 * reach it through {@link dev.magnus.rollback.store.file.FileStores} or by name from the
 * configuration. The on-disk format is described byte by byte in the module's {@code FORMAT.md}.
 */
@NullMarked
package dev.magnus.rollback.store.file;

import org.jspecify.annotations.NullMarked;
