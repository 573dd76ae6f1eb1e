package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.spi.CheckpointRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Check session ids that break naive stores: path traversal, separators, reserved device names,
 * non-ASCII letters, the longest id, and ids that differ only in case or Unicode normalization.
 */
abstract class HostileIdCases extends StoreCases {
  /** Every hostile id the contract tries. */
  static final List<String> HOSTILE = List.of(
      "../../etc/passwd", "a/b", "a\\b", "..", ".", "CON", "NUL.txt", "com1", "aux.", "trailing. ", " leading",
      "sessão-日本-🙂", "*?<>|:\"%", "%2e%2e%2f", "x".repeat(256), "é".repeat(256));

  static Stream<String> hostileIds() {
    return HOSTILE.stream();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("dev.magnus.rollback.tck.HostileIdCases#hostileIds")
  void aHostileSessionIdRoundTripsVerbatim(String sessionId) {
    // given
    CheckpointRecord record = TckCheckpoints.record(sessionId, 1, 32);
    // when
    store.append(record);
    // then
    assertStored(record);
    assertEquals(Set.of(sessionId), store.sessions());
    assertEquals(List.of(record.checkpoint()), listAll(sessionId));
  }

  @Test
  void everyHostileIdIsItsOwnSession() {
    // given
    List<CheckpointRecord> records = new ArrayList<>();
    for (String id : HOSTILE) {
      records.add(TckCheckpoints.record(id, 1, 16));
    }
    // when
    records.forEach(store::append);
    // then
    assertEquals(new HashSet<>(HOSTILE), store.sessions());
    records.forEach(this::assertStored);
    HOSTILE.forEach(id -> assertEquals(1, listAll(id).size(), () -> "session '" + id + "'"));
  }

  @Test
  void idsThatDifferOnlyInCaseAreDistinctSessions() {
    // given
    CheckpointRecord upper = TckCheckpoints.record("Abc", 1, 16);
    CheckpointRecord lower = TckCheckpoints.record("abc", 1, 16);
    store.append(upper);
    // when
    store.append(lower);
    store.append(TckCheckpoints.record("abc", 2, 16));
    // then
    assertEquals(Set.of("Abc", "abc"), store.sessions());
    assertEquals(List.of(upper.checkpoint()), listAll("Abc"));
    assertEquals(2, listAll("abc").size());
    assertStored(upper);
  }

  @Test
  void deletingOneCaseVariantKeepsTheOther() {
    // given
    appendSequences("Session", 2, 16);
    List<CheckpointRecord> lower = appendSequences("session", 2, 16);
    // when
    store.deleteSession("Session");
    // then
    assertEquals(Set.of("session"), store.sessions());
    lower.forEach(this::assertStored);
  }

  @Test
  void idsThatDifferOnlyInUnicodeNormalizationAreDistinctSessions() {
    // given
    String composed = "caf\u00e9";
    String decomposed = "cafe\u0301";
    // when
    store.append(TckCheckpoints.record(composed, 1, 16));
    store.append(TckCheckpoints.record(decomposed, 1, 16));
    // then
    assertEquals(Set.of(composed, decomposed), store.sessions());
  }

  @Test
  void pathTraversalIdsWriteNothingOutsideTheStoreDirectory() throws IOException {
    // given
    Set<Path> before = entries(root);
    // when
    store.append(TckCheckpoints.record("../../escaped", 1, 16));
    store.append(TckCheckpoints.record("../sibling", 1, 16));
    store.append(TckCheckpoints.record("/absolute", 1, 16));
    // then
    assertEquals(before, entries(root), "the store wrote outside the directory it was given");
  }

  /** List everything under the TCK's root except the store's own directory tree. */
  private Set<Path> entries(Path directory) throws IOException {
    try (Stream<Path> walk = Files.walk(directory)) {
      return new HashSet<>(walk.filter(p -> !p.startsWith(dir)).toList());
    }
  }
}
