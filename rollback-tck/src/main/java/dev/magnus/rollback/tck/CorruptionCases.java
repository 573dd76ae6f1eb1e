package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Check, for DURABLE stores that name their files ({@link CheckpointStoreContract#storeFiles}), that
 * damaged files are handled: a torn last record disappears cleanly; anything else that is damaged or
 * missing is reported instead of served or silently dropped. Each damage is applied to a fresh copy
 * of the closed store's directory, which is then opened with {@link CheckpointStoreContract#reopenStore}.
 *
 * <p>After each damage: the copy may refuse to open ({@link StoreException}); if it opens, it lists
 * nothing that was never appended or was deleted, every read returns exactly the appended record or
 * nothing (or is refused), and if any live record is missing, {@code stats().corruptions()} is above
 * zero. The multi-file cases need {@link CheckpointStoreContract#createMultiFileStore}; those that aim
 * at one record need {@link StoreFiles#recordStarts}, the embedded-frame case {@link StoreFiles#frame}.
 */
abstract class CorruptionCases extends StoreCases {
  private static final int RECORDS = 5;
  private static final int PAYLOAD = 1024;
  /** The last record is small, so cutting it at every offset stays cheap. */
  private static final int LAST_PAYLOAD = 16;
  /** Records appended to a multi-file store. */
  private static final int MULTI_RECORDS = 12;
  private static final int MULTI_PAYLOAD = 512;
  /** The fewest data files a multi-file store must spread its records over. */
  private static final int MIN_FILES = 3;
  /** How many records the lost-deletion cases append before the deletion; the rest come after it. */
  private static final int DELETE_AFTER = 6;
  private static final long DOOMED_SEQUENCE = 2;
  private static final long CARRIER_SEQUENCE = 4;
  private static final long GHOST_SEQUENCE = 99;
  private List<CheckpointRecord> appended;
  private StoreFiles files;

  /** A closed multi-file store: its directory, its files, what it must serve and what it must never serve. */
  private record Written(Path dir, StoreFiles files, List<CheckpointRecord> live, Set<CheckpointId> dead) {}

  @BeforeEach
  final void writeAndCloseAStore() {
    assumeCapability(StoreCapability.DURABLE);
    appended = new ArrayList<>(appendSequences(SESSION, RECORDS - 1, PAYLOAD));
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
      Path copy = freshCopy(dir);
      StoreDamage.truncate(copy.resolve(dir.relativize(last)), offset);
      // when
      CheckpointStore reopened = track(contract().reopenStore(copy));
      try {
        // then
        String where = "last record cut at byte " + offset + " of " + length;
        CheckpointRecord lastRecord = appended.get(RECORDS - 1);
        Optional<CheckpointRecord> lastRead = reopened.read(SESSION, lastRecord.checkpoint().id());
        // a cut after the record's end (inside a trailer such as a seal) may leave it whole: then it is served as is
        assertTrue(lastRead.isEmpty() || lastRead.get().equals(lastRecord), where + ": the cut record was served "
            + "with other bytes than appended");
        int kept = lastRead.isEmpty() ? RECORDS - 1 : RECORDS;
        assertEquals(descriptors(appended.subList(0, kept)), reopened.list(SESSION, CheckpointQuery.all()), where);
        for (CheckpointRecord r : appended.subList(0, RECORDS - 1)) {
          assertEquals(r, reopened.read(SESSION, r.checkpoint().id()).orElseThrow(), where);
        }
      } finally {
        reopened.close();
      }
    }
  }

  @Test
  void flippedBitsAreReportedAndNeverServed() throws IOException {
    Written w = new Written(dir, files, appended, Set.of());
    Path middle = files.dataFiles().get(files.dataFiles().size() / 2);
    long length = Files.size(middle);
    for (long position : List.of(length / 2, length * 5 / 8, length * 3 / 4)) {
      damageAndCheck(w, middle, "bit flipped at byte " + position, f -> StoreDamage.flip(f, position));
    }
  }

  @Test
  void flippedBytesInTheLastRecordOfANonFinalFileAreReportedNotServed() throws IOException {
    // given
    Written w = multiFile("flipped-end", records(), -1);
    for (Path file : firstAndPenultimate(w)) {
      long start = lastRecordStart(w, file);
      long size = Files.size(file);
      for (long position : new TreeSet<>(List.of(start, start + 5, start + (size - start) / 2, size - 1))) {
        // when / then
        damageAndCheck(w, file, "byte " + position + " flipped, its last record starting at " + start,
            f -> StoreDamage.flip(f, position));
      }
    }
  }

  @Test
  void aNonFinalFileCutInsideItsLastRecordIsReportedNotTakenForATornTail() throws IOException {
    // given
    Written w = multiFile("cut-end", records(), -1);
    for (Path file : firstAndPenultimate(w)) {
      long start = lastRecordStart(w, file);
      long size = Files.size(file);
      for (long offset : new TreeSet<>(List.of(start + 1, start + (size - start) / 2, size - 1))) {
        // when / then
        damageAndCheck(w, file, "cut at byte " + offset + " of " + size + ", its last record starting at " + start,
            f -> StoreDamage.truncate(f, offset));
      }
    }
  }

  @Test
  void aMiddleFileTruncatedAtAnyOffsetIsReported() throws IOException {
    // given
    Written w = multiFile("cut-middle", records(), -1);
    Path middle = w.files().dataFiles().get(w.files().dataFiles().size() / 2);
    long size = Files.size(middle);
    TreeSet<Long> offsets = new TreeSet<>(List.of(0L, 1L, size / 4, size / 2, size * 3 / 4, size - 1));
    for (long start : w.files().recordStarts(middle)) {
      offsets.addAll(List.of(start, start + 1));
    }
    for (long offset : offsets.headSet(size)) {
      // when / then
      damageAndCheck(w, middle, "cut at byte " + offset + " of " + size, f -> StoreDamage.truncate(f, offset));
    }
  }

  @Test
  void aMissingNonFinalFileIsReported() throws IOException {
    // given
    Written w = multiFile("missing-file", records(), -1);
    List<Path> data = w.files().dataFiles();
    for (Path file : new LinkedHashSet<>(List.of(data.get(0), data.get(data.size() / 2), data.get(data.size() - 2)))) {
      // when / then
      damageAndCheck(w, file, "deleted", Files::delete);
    }
  }

  @Test
  void aMissingFinalFileIsReported() throws IOException {
    // given
    Written w = multiFile("missing-final", records(), -1);
    // when / then
    damageAndCheck(w, w.files().dataFiles().get(w.files().dataFiles().size() - 1), "deleted", Files::delete);
  }

  @Test
  void aFrameHiddenInAPayloadIsNeverServedWhenTheRecordCarryingItIsDamaged() throws IOException {
    // given
    CheckpointRecord ghost = TckCheckpoints.record(SESSION, GHOST_SEQUENCE, 64);
    Optional<byte[]> frame = files.frame(ghost);
    assumeTrue(frame.isPresent(), "storeFiles gives no frame(record), so no well-formed frame can be hidden in a payload");
    assertTrue(frame.get().length > 0, "frame(record) returned no bytes");
    List<CheckpointRecord> records = new ArrayList<>(records());
    records.set((int) CARRIER_SEQUENCE - 1, carrying(frame.get()));
    Written w = multiFile("embedded-frame", records, -1);
    Written withGhost = new Written(w.dir(), w.files(), w.live(), Set.of(ghost.checkpoint().id()));
    Optional<Path> carrierFile = w.files().dataFiles().stream().filter(f -> indexOf(f, frame.get()) >= 0).findFirst();
    assumeTrue(carrierFile.isPresent(), "the frame hidden in a payload appears verbatim in no data file (the store "
        + "transforms payloads), so no scanner can meet it");
    Path file = carrierFile.get();
    long at = indexOf(file, frame.get());
    long start = carrierStart(w, file, at);
    for (long position : new TreeSet<>(List.of(start, start + 5, start + 12)).headSet(at)) {
      // when / then
      damageAndCheck(withGhost, file, "header byte " + position + " of the record carrying a frame at " + at
          + " flipped", f -> StoreDamage.flip(f, position));
    }
  }

  private static long indexOf(Path file, byte[] bytes) {
    try {
      return StoreDamage.indexOf(file, bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aDeletionLostWithACutFileNeverBringsTheCheckpointBack() throws IOException {
    // given
    Written w = multiFile("lost-deletion-cut", records(), DELETE_AFTER);
    for (Path file : nonFinal(w)) {
      for (long start : recordStarts(w, file)) {
        // when / then
        damageAndCheck(w, file, "cut at the record starting at byte " + start, f -> StoreDamage.truncate(f, start));
      }
    }
  }

  @Test
  void aDeletionLostWithADamagedRecordNeverBringsTheCheckpointBack() throws IOException {
    // given
    Written w = multiFile("lost-deletion-flip", records(), DELETE_AFTER);
    for (Path file : nonFinal(w)) {
      for (long start : recordStarts(w, file)) {
        // when / then
        damageAndCheck(w, file, "first byte of the record starting at byte " + start + " flipped",
            f -> StoreDamage.flip(f, start));
      }
    }
  }

  /**
   * Write {@code records} to a fresh multi-file store and close it; when {@code deleteAfter} is not
   * negative, delete the checkpoint of sequence {@value #DOOMED_SEQUENCE} after that many appends.
   */
  private Written multiFile(String name, List<CheckpointRecord> records, int deleteAfter) throws IOException {
    Path at = Files.createDirectories(root.resolve("tck").resolve(name));
    Optional<CheckpointStore> created = contract().createMultiFileStore(at);
    assumeTrue(created.isPresent(),
        "the contract does not override createMultiFileStore(Path), so no store spreads its records over several files");
    CheckpointStore multi = track(created.get());
    List<CheckpointRecord> live = new ArrayList<>(records);
    for (int i = 0; i < records.size(); i++) {
      if (i == deleteAfter) {
        CheckpointRecord doomed = records.get((int) DOOMED_SEQUENCE - 1);
        assertEquals(1, multi.delete(SESSION, List.of(doomed.checkpoint().id())), "delete of a live checkpoint");
        live.remove(doomed);
      }
      multi.append(records.get(i));
    }
    multi.close();
    Set<CheckpointId> dead = deleteAfter < 0 ? Set.of() : Set.of(TckCheckpoints.idFor(SESSION, DOOMED_SEQUENCE));
    StoreFiles named = contract().storeFiles(at)
        .orElseThrow(() -> new AssertionError("storeFiles(Path) named no files for a multi-file store"));
    assertTrue(named.dataFiles().size() >= MIN_FILES, () -> "createMultiFileStore must spread " + records.size()
        + " records of " + MULTI_PAYLOAD + " payload bytes over at least " + MIN_FILES + " data files, it used "
        + named.dataFiles().size());
    return new Written(at, named, List.copyOf(live), dead);
  }

  private static List<CheckpointRecord> records() {
    List<CheckpointRecord> records = new ArrayList<>();
    for (int seq = 1; seq <= MULTI_RECORDS; seq++) {
      records.add(TckCheckpoints.record(SESSION, seq, MULTI_PAYLOAD));
    }
    return records;
  }

  /** Build the checkpoint of sequence {@value #CARRIER_SEQUENCE} whose payload holds {@code frame} between filler. */
  private static CheckpointRecord carrying(byte[] frame) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    byte[] filler = TckCheckpoints.payload(TckCheckpoints.idFor(SESSION, CARRIER_SEQUENCE), 64);
    payload.writeBytes(filler);
    payload.writeBytes(frame);
    payload.writeBytes(filler);
    Checkpoint c = TckCheckpoints.checkpoint(SESSION, CARRIER_SEQUENCE, CheckpointType.USER_REQUESTED, payload.size());
    return new CheckpointRecord(c, payload.toByteArray());
  }

  private static long carrierStart(Written w, Path file, long frameAt) {
    List<Long> starts = recordStarts(w, file);
    return starts.stream().filter(s -> s < frameAt).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("recordStarts names no record before byte " + frameAt + " of "
            + file.getFileName() + ", where a payload holds the hidden frame"));
  }

  private static List<Long> recordStarts(Written w, Path file) {
    List<Long> starts = w.files().recordStarts(file);
    assumeFalse(starts.isEmpty(), () -> "storeFiles gives no recordStarts for " + file.getFileName()
        + ", so the TCK cannot aim at one record");
    return starts;
  }

  private static long lastRecordStart(Written w, Path file) {
    List<Long> starts = recordStarts(w, file);
    return starts.get(starts.size() - 1);
  }

  private static Set<Path> firstAndPenultimate(Written w) {
    List<Path> data = w.files().dataFiles();
    return new LinkedHashSet<>(List.of(data.get(0), data.get(data.size() - 2)));
  }

  private static List<Path> nonFinal(Written w) {
    return w.files().dataFiles().subList(0, w.files().dataFiles().size() - 1);
  }

  /** Damage one file of a fresh copy of the closed store {@code w}, then check the copy. */
  private void damageAndCheck(Written w, Path file, String damage, StoreDamage.Damage how) throws IOException {
    Path copy = freshCopy(w.dir());
    how.apply(copy.resolve(w.dir().relativize(file)));
    checkNothingBadIsServed(copy, w, w.dir().relativize(file) + ": " + damage);
  }

  private void checkNothingBadIsServed(Path copy, Written w, String where) {
    CheckpointStore reopened;
    try {
      reopened = track(contract().reopenStore(copy));
    } catch (StoreException | IntegrityViolationException refused) {
      return;
    }
    try {
      List<Checkpoint> listed = new ArrayList<>(reopened.list(SESSION, CheckpointQuery.all()));
      listed.removeAll(descriptors(w.live()));
      assertTrue(listed.isEmpty(), () -> where + ": listed what was never appended, was deleted or is damaged: "
          + ids(listed));
      for (CheckpointId id : w.dead()) {
        assertTrue(readOrRefuse(reopened, id).isEmpty(), () -> where + ": served " + id
            + ", which was deleted or never appended");
      }
      int missing = 0;
      for (CheckpointRecord r : w.live()) {
        Optional<CheckpointRecord> read = readOrRefuse(reopened, r.checkpoint().id());
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

  private static Optional<CheckpointRecord> readOrRefuse(CheckpointStore s, CheckpointId id) {
    try {
      return s.read(SESSION, id);
    } catch (StoreException | IntegrityViolationException refused) {
      return Optional.empty();
    }
  }

  /** Copy a closed store's directory to a fresh sibling, replacing any earlier copy. */
  private Path freshCopy(Path source) throws IOException {
    Path copy = root.resolve("damaged");
    StoreDamage.copyTree(source, copy);
    return copy;
  }
}
