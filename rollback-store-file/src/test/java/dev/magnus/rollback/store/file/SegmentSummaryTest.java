package dev.magnus.rollback.store.file;

import static dev.magnus.rollback.store.file.Fixtures.id;
import static dev.magnus.rollback.store.file.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summaries of sealed segments (FORMAT.md section 11): written when a segment is sealed, rewritten
 * by compaction, used by a reopen only when they match their segment byte for byte, and otherwise
 * counted, logged and replaced by a scan, which still finds every damage.
 */
class SegmentSummaryTest {
  private static final int PAYLOAD = 300;
  private static final long SEGMENT_BYTES = 2048;
  private static final List<String> SESSIONS = List.of("alpha", "beta", "gamma");

  @TempDir
  Path dir;

  private FileCheckpointStore open() {
    return FileStores.builder(dir).segmentBytes(SEGMENT_BYTES).openFileStore();
  }

  /** Append 8 checkpoints to each session, round robin, and return them in append order. */
  private List<CheckpointRecord> fill(CheckpointStore store) {
    List<CheckpointRecord> all = new ArrayList<>();
    for (long seq = 1; seq <= 8; seq++) {
      for (String s : SESSIONS) {
        CheckpointRecord r = record(s, seq, PAYLOAD);
        store.append(r);
        all.add(r);
      }
    }
    return all;
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> SegmentFiles.idOf(p) >= 0).sorted().toList();
    }
  }

  private static Path summaryOf(Path segment) {
    return SegmentSummary.fileOf(segment);
  }

  /** Everything a store serves: every session's list and every listed record. */
  private static Map<String, Object> content(CheckpointStore store) {
    Map<String, Object> seen = new LinkedHashMap<>();
    for (String s : store.sessions().stream().sorted().toList()) {
      List<Checkpoint> listed = store.list(s, CheckpointQuery.all());
      seen.put(s, listed);
      for (Checkpoint c : listed) {
        seen.put(s + "/" + c.id(), store.read(s, c.id()).orElseThrow());
      }
    }
    return seen;
  }

  private static long figure(CheckpointStore store, String name) {
    return store.stats().extra().get(name);
  }

  @Test
  void everySealedSegmentGetsASummaryAndTheReopenIndexesFromThemAlone() throws IOException {
    // given
    Map<String, Object> before;
    try (CheckpointStore store = open()) {
      fill(store);
      before = content(store);
    }
    List<Path> segments = segments();
    assertTrue(segments.size() >= 3, "precondition: several segments, got " + segments);

    // when
    try (CheckpointStore store = open()) {
      // then
      segments.forEach(s -> assertTrue(Files.exists(summaryOf(s)), "summary of " + s.getFileName()));
      assertEquals(segments.size(), figure(store, "segmentsFromSummary"), store.stats().extra().toString());
      assertEquals(0, figure(store, "summariesRejected"));
      assertEquals(0, figure(store, "summariesMissing"));
      assertEquals(before, content(store));
      assertEquals(0, store.stats().corruptions());
    }
  }

  @Test
  void aDamagedSummaryIsCountedTheSegmentScannedAndTheSummaryWrittenAgain() throws IOException {
    // given
    Map<String, Object> before;
    try (CheckpointStore store = open()) {
      fill(store);
      before = content(store);
    }
    Path victim = summaryOf(segments().get(1));
    byte[] bytes = Files.readAllBytes(victim);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(victim, bytes);

    // when
    try (CheckpointStore store = open()) {
      // then
      assertEquals(1, figure(store, "summariesRejected"));
      assertEquals(segments().size() - 1, figure(store, "segmentsFromSummary"));
      assertEquals(before, content(store));
      assertEquals(0, store.stats().corruptions(), "a damaged summary is not damage of the store");
    }
    try (CheckpointStore store = open()) {
      assertEquals(0, figure(store, "summariesRejected"), "the writable open wrote the summary again");
      assertEquals(segments().size(), figure(store, "segmentsFromSummary"));
    }
  }

  @Test
  void theSummaryOfAnotherSegmentIsNeverUsed() throws IOException {
    // given: segment 2's summary replaced by segment 3's (a valid summary, bound to another file)
    Map<String, Object> before;
    try (CheckpointStore store = open()) {
      fill(store);
      before = content(store);
    }
    List<Path> segments = segments();
    Files.copy(summaryOf(segments.get(2)), summaryOf(segments.get(1)), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    // when
    try (CheckpointStore store = FileStores.builder(dir).segmentBytes(SEGMENT_BYTES).readOnly().open()) {
      // then
      assertEquals(1, figure(store, "summariesRejected"));
      assertEquals(before, content(store));
    }
  }

  @Test
  void aSummaryThatDisagreesWithItsSegmentIsNeverTrustedEvenWithAValidChecksum() throws IOException {
    // given: one descriptor in a summary altered (same length) and the summary's checksum made right again
    Map<String, Object> before;
    try (CheckpointStore store = open()) {
      fill(store);
      before = content(store);
    }
    Path victim = summaryOf(segments().get(0));
    byte[] bytes = Files.readAllBytes(victim);
    byte[] needle = "checkpoint 1 of alpha".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int at = BlackBoxFiles.indexOf(bytes, needle);
    assertTrue(at > 0, "precondition: the summary repeats the descriptor");
    bytes[at + "checkpoint ".length()] = '7';
    ByteBuffer.wrap(bytes).putInt(bytes.length - 4, Format.crc(bytes, 0, bytes.length - 4));
    Files.write(victim, bytes);

    // when
    try (CheckpointStore store = FileStores.builder(dir).segmentBytes(SEGMENT_BYTES).readOnly().open()) {
      // then
      assertEquals(1, figure(store, "summariesRejected"));
      assertEquals(before, content(store), "the segment's descriptor is served, not the summary's");
    }
  }

  @Test
  void damageInASealedSegmentWithAValidSummaryIsStillFoundWhenTheStoreOpens() throws IOException {
    // given: one payload byte of a sealed segment flipped; its summary (which holds no payload) is intact
    List<CheckpointRecord> all;
    try (CheckpointStore store = open()) {
      all = fill(store);
    }
    Path victim = segments().get(1);
    List<Long> starts = SegmentScanner.recordStarts(victim);
    byte[] bytes = Files.readAllBytes(victim);
    bytes[(int) (starts.get(1) - 1)] ^= 0x01; // the last payload byte of the segment's first record
    Files.write(victim, bytes);

    // when
    try (CheckpointStore store = open()) {
      // then
      assertEquals(1, figure(store, "summariesRejected"));
      assertEquals(1, store.stats().corruptions(), FileStores.damage(store).toString());
      assertEquals(1, figure(store, "quarantinedFiles"));
      long served = all.stream().filter(r -> store.read(r.checkpoint().sessionId(), r.checkpoint().id())
          .map(r::equals).orElse(false)).count();
      assertEquals(all.size() - 1, served, "every record but the damaged one is served intact");
    }
  }

  @Test
  void tombstonesAndSessionDeletesInSealedSegmentsApplyWhenIndexedFromSummaries() throws IOException {
    // given: deletions spread over several sealed segments, then more appends so that they are sealed
    List<CheckpointId> doomed = List.of(id("alpha", 1), id("alpha", 5), id("gamma", 8));
    try (CheckpointStore store = open()) {
      fill(store);
      assertEquals(3, store.delete("alpha", doomed.subList(0, 2)) + store.delete("gamma", doomed.subList(2, 3)));
      assertEquals(8, store.deleteSession("beta"));
      LongStream.rangeClosed(9, 14).forEach(seq -> store.append(record("alpha", seq, PAYLOAD)));
    }

    // when
    try (CheckpointStore store = open()) {
      // then
      assertEquals(segments().size(), figure(store, "segmentsFromSummary"));
      assertEquals(List.of("alpha", "gamma"), store.sessions().stream().sorted().toList());
      doomed.forEach(id -> assertEquals(Optional.empty(), store.read(id.equals(id("gamma", 8)) ? "gamma" : "alpha", id)));
      assertEquals(12, store.list("alpha", CheckpointQuery.all()).size());
      assertEquals(7, store.list("gamma", CheckpointQuery.all()).size());
      assertEquals(Optional.of(record("alpha", 14, PAYLOAD).checkpoint()), store.latest("alpha"));
    }
  }

  @Test
  void compactionWritesTheSummaryOfTheRewrittenGeneration() throws IOException {
    // given: segment 2 holds a needed tombstone and checkpoints that are then deleted (rewritten in place)
    Map<String, Object> before;
    Path segment2 = dir.resolve(SegmentFiles.name(2));
    try (FileCheckpointStore store = FileStores.builder(dir).segmentBytes(Small.SEGMENT_BYTES)
        .openFileStore()) {
      LongStream.rangeClosed(1, 4).forEach(seq -> store.append(record("s", seq, Small.PAYLOAD)));
      store.delete("s", List.of(id("s", 1)));
      LongStream.rangeClosed(5, 9).forEach(seq -> store.append(record("s", seq, Small.PAYLOAD)));
      assertEquals(0, generation(segment2), "precondition: segment 2 not compacted yet");

      // when
      store.delete("s", List.of(id("s", 4), id("s", 5)));
      store.reclaim();

      // then
      assertTrue(figure(store, "compactions") >= 1, store.stats().extra().toString());
      assertEquals(1, generation(segment2), "segment 2 was rewritten in place");
      assertEquals(1, generation(summaryOf(segment2)), "its summary is bound to the new generation");
      before = content(store);
    }
    try (CheckpointStore store = FileStores.builder(dir).segmentBytes(Small.SEGMENT_BYTES).open()) {
      assertEquals(0, figure(store, "summariesRejected"));
      assertEquals(0, figure(store, "summariesMissing"));
      assertEquals(segments().size(), figure(store, "segmentsFromSummary"));
      assertEquals(before, content(store));
    }
  }

  @Test
  void aStoreWithoutSummariesOpensReadOnlyUnchangedAndGetsThemOnAWritableOpen() throws IOException {
    // given: a store as an older release left it (no summaries) and a summary whose segment is gone
    Map<String, Object> before;
    try (CheckpointStore store = open()) {
      fill(store);
      before = content(store);
    }
    List<Path> segments = segments();
    for (Path s : segments) {
      Files.delete(summaryOf(s));
    }
    Path orphan = dir.resolve(SegmentFiles.name(999).replace(".log", SegmentSummary.SUFFIX));
    Files.write(orphan, new byte[] {1, 2, 3});

    // when / then
    try (CheckpointStore store = FileStores.builder(dir).segmentBytes(SEGMENT_BYTES).readOnly().open()) {
      assertEquals(segments.size(), figure(store, "summariesMissing"));
      assertEquals(0, figure(store, "segmentsFromSummary"));
      assertEquals(before, content(store));
    }
    segments.forEach(s -> assertFalse(Files.exists(summaryOf(s)), "a read-only open writes nothing"));
    try (CheckpointStore store = open()) {
      assertEquals(before, content(store));
    }
    assertFalse(Files.exists(orphan), "the summary of a segment that is gone is deleted");
    try (CheckpointStore store = open()) {
      assertEquals(segments.size(), figure(store, "segmentsFromSummary"));
      assertEquals(before, content(store));
    }
  }

  /** Read the generation field, at offset 24 of both a segment file and a summary. */
  private static int generation(Path file) throws IOException {
    return ByteBuffer.wrap(Files.readAllBytes(file)).getInt(24);
  }

  /** The sizes of {@link CrashInjectionTest}: three records fill a segment. */
  private static final class Small {
    static final int PAYLOAD = 100;
    static final long SEGMENT_BYTES = Format.FILE_HEADER_SIZE + 3L * (Format.RECORD_HEADER_SIZE
        + Codec.checkpoint(record("s", 1, PAYLOAD).checkpoint()).length + PAYLOAD) - 8;
  }
}
