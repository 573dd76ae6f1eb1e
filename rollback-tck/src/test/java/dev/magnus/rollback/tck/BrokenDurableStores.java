package dev.magnus.rollback.tck;

import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Deliberately broken durable stores: each one is the durable reference store with one realistic bug. */
final class BrokenDurableStores {
  private BrokenDurableStores() {}

  /** Never loads the newest file on open: the last append is lost on reopen. */
  static final class LosesLastAppendOnReopen extends DurableReferenceStore {
    LosesLastAppendOnReopen(Path dir) {
      super(dir, false);
    }

    @Override
    boolean accept(Path file, CheckpointRecord record, List<Path> all) {
      return !file.equals(all.get(all.size() - 1));
    }
  }

  /** Acknowledges an append before writing it: each record is written when the next one arrives or on close. */
  static final class WritesBehind extends DurableReferenceStore {
    private CheckpointRecord pending;

    WritesBehind(Path dir) {
      super(dir, true);
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
      return new WritesBehind(dir);
    }
  }

  /** Skips a corrupt record on open without reporting it. */
  static final class SwallowsCorruptRecord extends DurableReferenceStore {
    SwallowsCorruptRecord(Path dir) {
      super(dir, false);
    }

    @Override
    synchronized long corruptions() {
      return 0;
    }
  }

  /** Never verifies the checksum, so flipped bits are served. */
  static final class ServesWithoutChecksum extends DurableReferenceStore {
    ServesWithoutChecksum(Path dir) {
      super(dir, false);
    }

    @Override
    CheckpointRecord decode(byte[] bytes) throws IOException {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      in.readInt();
      in.readInt();
      return readBody(in);
    }
  }

  /** Refuses to open when the newest record is torn, instead of cutting the torn tail. */
  static final class CrashesOnTornTail extends DurableReferenceStore {
    CrashesOnTornTail(Path dir) {
      super(dir, false);
    }

    @Override
    Optional<CheckpointRecord> parse(Path file, boolean newest) throws IOException {
      try {
        return Optional.of(decode(java.nio.file.Files.readAllBytes(file)));
      } catch (EOFException torn) {
        throw new StoreException("torn record in " + file.getFileName());
      } catch (IOException | RuntimeException bad) {
        return super.parse(file, newest);
      }
    }
  }
}
