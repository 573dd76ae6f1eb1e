package dev.magnus.rollback.tck;

import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.tck.ReferenceFrames.Header;
import java.nio.file.Path;
import java.util.List;

/**
 * Deliberately broken durable stores: each one is the durable reference store with one realistic
 * bug. Each takes the reference store's segment size.
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
}
