package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Check, for DURABLE stores that name their files ({@link CheckpointStoreContract#storeFiles}), that
 * damaged files are handled: a torn last record disappears cleanly, and flipped bits are reported
 * instead of served. Each damage is applied to a fresh copy of the closed store's directory.
 */
abstract class CorruptionCases extends StoreCases {
  private static final int RECORDS = 5;
  private static final int PAYLOAD = 1024;
  /** The last record is small, so cutting it at every offset stays cheap. */
  private static final int LAST_PAYLOAD = 16;
  private List<CheckpointRecord> appended;
  private StoreFiles files;

  @BeforeEach
  final void writeAndCloseAStore() {
    assumeCapability(StoreCapability.DURABLE);
    appended = new java.util.ArrayList<>(appendSequences(SESSION, RECORDS - 1, PAYLOAD));
    CheckpointRecord last = TckCheckpoints.record(SESSION, RECORDS, LAST_PAYLOAD);
    store.append(last);
    appended.add(last);
    store.close();
    Optional<StoreFiles> named = contract().storeFiles(dir);
    assumeTrue(named.isPresent(),
        "the store is DURABLE but the contract does not override storeFiles(Path), so its files cannot be damaged");
    files = named.get();
    assertTrue(!files.dataFiles().isEmpty(), "storeFiles named no data file for a store holding " + RECORDS + " records");
  }

  @Test
  void truncatingTheLastRecordAtEveryOffsetLosesOnlyThatRecord() throws IOException {
    Path last = files.dataFiles().get(files.dataFiles().size() - 1);
    long length = Files.size(last);
    for (long offset = files.lastRecordStart(); offset < length; offset++) {
      // given
      Path copy = freshCopy();
      truncate(copy.resolve(dir.relativize(last)), offset);
      // when
      CheckpointStore reopened = track(contract().reopenStore(copy));
      try {
        // then
        String where = "last record cut at byte " + offset + " of " + length;
        assertEquals(descriptors(appended.subList(0, RECORDS - 1)), reopened.list(SESSION, CheckpointQuery.all()), where);
        for (CheckpointRecord r : appended.subList(0, RECORDS - 1)) {
          assertEquals(r, reopened.read(SESSION, r.checkpoint().id()).orElseThrow(), where);
        }
        assertTrue(reopened.read(SESSION, appended.get(RECORDS - 1).checkpoint().id()).isEmpty(), where);
      } finally {
        reopened.close();
      }
    }
  }

  @Test
  void flippedBitsAreReportedAndNeverServed() throws IOException {
    Path middle = files.dataFiles().get(files.dataFiles().size() / 2);
    long length = Files.size(middle);
    for (long position : List.of(length / 2, length * 5 / 8, length * 3 / 4)) {
      // given
      Path copy = freshCopy();
      flip(copy.resolve(dir.relativize(middle)), position);
      // when / then
      checkNothingBadIsServed(copy, "bit flipped at byte " + position + " of " + dir.relativize(middle));
    }
  }

  private void checkNothingBadIsServed(Path copy, String where) {
    CheckpointStore reopened;
    try {
      reopened = track(contract().reopenStore(copy));
    } catch (StoreException | IntegrityViolationException refused) {
      return;
    }
    try {
      List<Checkpoint> listed = reopened.list(SESSION, CheckpointQuery.all());
      assertTrue(descriptors(appended).containsAll(listed), () -> where + ": listed a damaged descriptor: " + listed);
      int missing = 0;
      for (CheckpointRecord r : appended) {
        Optional<CheckpointRecord> read = readOrRefuse(reopened, r);
        if (read.isEmpty()) {
          missing++;
        } else {
          assertEquals(r, read.get(), where + ": served a damaged record");
        }
      }
      if (missing > 0) {
        assertTrue(reopened.stats().corruptions() > 0,
            where + ": " + missing + " record(s) vanished but stats().corruptions() is 0: corruption must be reported");
      }
    } finally {
      reopened.close();
    }
  }

  private static Optional<CheckpointRecord> readOrRefuse(CheckpointStore s, CheckpointRecord r) {
    try {
      return s.read(SESSION, r.checkpoint().id());
    } catch (StoreException | IntegrityViolationException refused) {
      return Optional.empty();
    }
  }

  /** Copy the closed store's directory to a fresh sibling, replacing any earlier copy. */
  private Path freshCopy() throws IOException {
    Path copy = root.resolve("damaged");
    if (Files.exists(copy)) {
      try (Stream<Path> walk = Files.walk(copy)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.toList()) {
        Path target = copy.resolve(dir.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return copy;
  }

  private static void truncate(Path file, long length) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(length);
    }
  }

  private static void flip(Path file, long position) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(position);
      int b = f.read();
      f.seek(position);
      f.write(b ^ 0x10);
    }
  }
}
