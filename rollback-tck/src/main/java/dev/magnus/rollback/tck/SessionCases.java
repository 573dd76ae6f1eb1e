package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.spi.CheckpointRecord;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Check the sessions listing and that sessions never see each other's checkpoints. */
abstract class SessionCases extends StoreCases {
  @Test
  void sessionsListsEverySessionWithACheckpoint() {
    // given
    appendSequences("one", 1, 4);
    appendSequences("two", 3, 4);
    appendSequences("three", 2, 4);
    // when
    Set<String> sessions = store.sessions();
    // then
    assertEquals(Set.of("one", "two", "three"), sessions);
  }

  @Test
  void eachSessionListsOnlyItsOwnCheckpoints() {
    // given
    List<CheckpointRecord> a = appendSequences(SESSION, 3, 8);
    List<CheckpointRecord> b = appendSequences(OTHER, 5, 8);
    // when
    List<String> owners = listAll(SESSION).stream().map(c -> c.sessionId()).distinct().toList();
    // then
    assertEquals(List.of(SESSION), owners);
    assertEquals(descriptors(a), listAll(SESSION));
    assertEquals(descriptors(b), listAll(OTHER));
  }

  @Test
  void latestIsPerSession() {
    // given
    appendSequences(SESSION, 2, 8);
    appendSequences(OTHER, 6, 8);
    // when / then
    assertEquals(2, store.latest(SESSION).orElseThrow().sequence());
    assertEquals(6, store.latest(OTHER).orElseThrow().sequence());
  }

  @Test
  void deleteSessionLeavesOtherSessionsIntact() {
    // given
    appendSequences(SESSION, 3, 8);
    List<CheckpointRecord> other = appendSequences(OTHER, 3, 8);
    // when
    store.deleteSession(SESSION);
    // then
    assertEquals(Set.of(OTHER), store.sessions());
    other.forEach(this::assertStored);
  }

  @Test
  void sessionsWhoseNamesArePrefixesOfEachOtherStayApart() {
    // given
    appendSequences("ab", 1, 8);
    appendSequences("a", 2, 8);
    appendSequences("abc", 3, 8);
    // when
    store.deleteSession("a");
    // then
    assertEquals(Set.of("ab", "abc"), store.sessions());
    assertEquals(List.of(1L), sequences(listAll("ab")));
    assertEquals(List.of(1L, 2L, 3L), sequences(listAll("abc")));
  }
}
