package dev.magnus.rollback.tck;

import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.tck.ReferenceFrames.Header;
import dev.magnus.rollback.tck.ReferenceFrames.Status;
import java.nio.file.Path;
import java.util.List;

/**
 * Deliberately broken durable stores: each one is the durable reference store with one realistic
 * bug. Each takes the reference store's segment size, so the multi-file cases run against it too.
 */
final class BrokenDurableStores {
  private BrokenDurableStores() {}

  /** Never serves the newest checkpoint read on open: the last append is lost on reopen. */
  static final class LosesLastAppendOnReopen extends DurableReferenceStore {
    LosesLastAppendOnReopen(Path dir, long segmentBytes) {
      super(dir, false, segmentBytes);
    }

    @Override
    boolean accept(CheckpointRecord record, List<CheckpointRecord> all) {
      return !record.equals(all.get(all.size() - 1));
    }
  }

  /** Acknowledges an append before writing it: each record is written when the next one arrives or on close. */
  static final class WritesBehind extends DurableReferenceStore {
    private CheckpointRecord pending;

    WritesBehind(Path dir, long segmentBytes) {
      super(dir, true, segmentBytes);
    }

    @Override
    void persist(CheckpointRecord record) {
      if (pending != null) {
        super.persist(pending);
      }
      pending = record;
    }

    @Override
    void unpersist(CheckpointRecord record) {
      if (record.equals(pending)) {
        pending = null;
      } else {
        super.unpersist(record);
      }
    }

    @Override
    public synchronized void close() {
      if (pending != null) {
        super.persist(pending);
        pending = null;
      }
      super.close();
    }
  }

  /** Opens {@link WritesBehind} in the crash test's child JVM. */
  public static final class WritesBehindFactory implements DurableStoreFactory {
    /** Create the factory. */
    public WritesBehindFactory() {}

    @Override
    public CheckpointStore open(Path dir) {
      return new WritesBehind(dir, DurableReferenceStore.ONE_SEGMENT);
    }
  }

  /** Skips a corrupt record on open without reporting it. */
  static final class SwallowsCorruptRecord extends DurableReferenceStore {
    SwallowsCorruptRecord(Path dir, long segmentBytes) {
      super(dir, false, segmentBytes);
    }

    @Override
    synchronized long corruptions() {
      return 0;
    }
  }

  /** Never verifies the body checksum, so flipped bits in a payload are served. */
  static final class ServesWithoutChecksum extends DurableReferenceStore {
    ServesWithoutChecksum(Path dir, long segmentBytes) {
      super(dir, false, segmentBytes);
    }

    @Override
    boolean checksumMatches(byte[] bytes, Header h) {
      return true;
    }
  }

  /** Refuses to open when the newest record is torn, instead of cutting the torn tail. */
  static final class CrashesOnTornTail extends DurableReferenceStore {
    CrashesOnTornTail(Path dir, long segmentBytes) {
      super(dir, false, segmentBytes);
    }

    @Override
    void cut(Path file, long at) {
      throw new StoreException("torn record in " + file.getFileName() + " at byte " + at);
    }
  }

  /**
   * Takes any damage for a torn tail: stops reading a file at its first bad frame and cuts the rest
   * silently, in every file, not only in the newest one.
   */
  static final class TakesAnyDamageForATornTail extends DurableReferenceStore {
    TakesAnyDamageForATornTail(Path dir, long segmentBytes) {
      super(dir, false, segmentBytes);
    }

    @Override
    int nextFrame(byte[] bytes, int from, long number) {
      return -1;
    }

    @Override
    boolean isTornTail(boolean last, Status tail) {
      return true;
    }
  }

  /** Trusts an older segment that ends cleanly between two frames, so one cut at a frame boundary goes unnoticed. */
  static final class TrustsUnsealedSegments extends DurableReferenceStore {
    TrustsUnsealedSegments(Path dir, long segmentBytes) {
      super(dir, false, segmentBytes);
    }

    @Override
    boolean checksSeals() {
      return false;
    }
  }

  /** Replays whatever segments it finds, never noticing one missing from the numbering or after the last. */
  static final class IgnoresMissingSegments extends DurableReferenceStore {
    IgnoresMissingSegments(Path dir, long segmentBytes) {
      super(dir, false, segmentBytes);
    }

    @Override
    boolean checksNumbering() {
      return false;
    }
  }

  /**
   * After damage, resynchronises on the next bytes that look like a frame with good checksums,
   * wherever they are: a frame hidden in a payload is served.
   */
  static final class ResyncsOnAnyFrame extends DurableReferenceStore {
    ResyncsOnAnyFrame(Path dir, long segmentBytes) {
      super(dir, false, segmentBytes);
    }

    @Override
    boolean bound(Header h, long number, int at) {
      return true;
    }
  }

  /** Reports damage but assumes no tombstone was in it: a checkpoint whose deletion was lost comes back. */
  static final class ForgetsLostDeletions extends DurableReferenceStore {
    ForgetsLostDeletions(Path dir, long segmentBytes) {
      super(dir, false, segmentBytes);
    }

    @Override
    void deletionsMayBeLost() {
      // the bug: checkpoints read before the damage are served as if no deletion could have been lost
    }
  }

  /** Applies every tombstone found on open to its id, whatever was appended after it: a re-appended id vanishes. */
  static final class AppliesTombstonesById extends DurableReferenceStore {
    AppliesTombstonesById(Path dir) {
      super(dir, false);
    }

    @Override
    boolean accept(CheckpointRecord record, List<CheckpointRecord> all) {
      return !tombstonedOnOpen.contains(record.checkpoint().id());
    }
  }
}
