package dev.magnus.rollback.store.file;

import dev.magnus.rollback.store.file.Codec.Seal;
import dev.magnus.rollback.store.file.Format.BadRecordException;
import dev.magnus.rollback.store.file.Format.SegmentHeader;
import dev.magnus.rollback.store.file.SegmentScanner.Item;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Hold what recovery's check of one segment found: its header, intact records, seal, checksum, and
 * what was lost where. Filled by {@link Recovery} on the opening thread; not thread-safe.
 */
final class SegmentScan {
  final long id;
  final Path path;
  final Manifest.@Nullable Entry expected;
  SegmentHeader header;
  final List<Item> items = new ArrayList<>();
  @Nullable Seal seal;
  long fileSize;
  long end;
  int crc;
  CRC32C running;
  boolean damaged;
  /** Indexed from the segment's summary ({@link SummaryLoader}) rather than scanned. */
  boolean fromSummary;
  /** A seal record found in a damaged segment: its deletion summary is still trustworthy. */
  @Nullable Seal foundSeal;
  /** The segment was damaged and salvaged: {@link #foundSeal} or the suspects apply. */
  boolean salvaged;
  /** Damaged records whose intact header says they were checkpoints (so no deletion was lost with them). */
  long knownLostCheckpoints;
  /** Where the first loss of a record of unknown type begins, or -1. */
  long firstUnknownLoss = -1;
  /** How many intact records precede {@link #firstUnknownLoss}; -1 if nothing of unknown type was lost. */
  int intactBeforeLoss = -1;

  SegmentScan(long id, Path path, Manifest.@Nullable Entry expected) {
    this.id = id;
    this.path = path;
    this.expected = expected;
  }

  long records() {
    return items.size();
  }

  /** Tell whether the damaged record at {@code offset} was a checkpoint (its header is intact) or unknown. */
  void noteLoss(FileChannel ch, long offset) throws IOException {
    try {
      if (fileSize - offset >= Format.RECORD_HEADER_SIZE && Format.parseHeader(header, offset,
          Segment.readFully(ch, offset, Format.RECORD_HEADER_SIZE)).type() == Format.CHECKPOINT) {
        knownLostCheckpoints++;
        return;
      }
    } catch (BadRecordException e) {
      // the header itself is damaged: the record could have been a deletion marker
    }
    unknownLossAt(offset);
  }

  void unknownLossAt(long offset) {
    if (firstUnknownLoss < 0) {
      firstUnknownLoss = offset;
      intactBeforeLoss = (int) items.stream().filter(i -> i.offset() < offset).count();
    }
  }
}
