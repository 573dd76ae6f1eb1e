package dev.magnus.rollback.store.file;

import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.store.file.CheckpointIndex.Entry;
import dev.magnus.rollback.store.file.Format.BadRecordException;
import dev.magnus.rollback.store.file.Format.Header;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read a checkpoint's record from disk and check it whole against its index entry: the bound header
 * CRC, the lengths, type and sequence the index knows, and the payload CRC. A record that fails is
 * counted in {@link #corruptions} and reported as a {@link StoreException} naming the checkpoint and
 * the place; it is never served. Thread-safe (the read channels are).
 */
final class RecordLoader {
  private static final System.Logger LOG = System.getLogger(RecordLoader.class.getName());
  private final ReadChannels readers;
  /** Records found damaged when read (after the open's checks). */
  final AtomicLong corruptions = new AtomicLong();

  RecordLoader(ReadChannels readers) {
    this.readers = readers;
  }

  /** Load the record of {@code e}; {@code ensureOpen} turns a failed read of a closed store into its own error. */
  CheckpointRecord load(Entry e, Runnable ensureOpen) {
    try {
      ByteBuffer raw = readers.read(e.segment.path, e.offset, e.length);
      Header h = Format.parseHeader(e.segment.header, e.offset, raw);
      if (h.recordLength() != e.length || h.type() != Format.CHECKPOINT || h.sequence() != e.checkpoint.sequence()) {
        throw new BadRecordException("record header does not match the index");
      }
      Format.checkPayload(h, raw.duplicate().position(Format.RECORD_HEADER_SIZE));
      byte[] payload = new byte[h.dataLength()];
      raw.get(Format.RECORD_HEADER_SIZE + h.metaLength(), payload);
      return new CheckpointRecord(e.checkpoint, payload);
    } catch (BadRecordException x) {
      corruptions.incrementAndGet();
      LOG.log(Level.ERROR, "checkpoint {0} of session ''{1}'' in {2} at offset {3} is corrupt on disk: {4}",
          e.checkpoint.id(), e.checkpoint.sessionId(), e.segment, e.offset, x.getMessage());
      throw new StoreException("checkpoint " + e.checkpoint.id() + " of session '" + e.checkpoint.sessionId()
          + "' is corrupt on disk (" + e.segment + " at offset " + e.offset + ": " + x.getMessage()
          + "); reopen the store to quarantine the segment, or restore another checkpoint", e.checkpoint.sessionId(),
          e.checkpoint.id());
    } catch (IOException x) {
      ensureOpen.run();
      throw new StoreException("could not read checkpoint " + e.checkpoint.id() + " from " + e.segment + ": " + x,
          e.checkpoint.sessionId(), e.checkpoint.id(), x);
    }
  }
}
