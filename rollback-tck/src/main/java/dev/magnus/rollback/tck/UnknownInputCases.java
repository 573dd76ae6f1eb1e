package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.spi.CheckpointQuery;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Check that unknown sessions and ids give empty results, never exceptions, and bad ids are rejected. */
abstract class UnknownInputCases extends StoreCases {
  @Test
  void readOfAnUnknownSessionIsEmpty() {
    // given
    appendSequences(SESSION, 1, 4);
    // when / then
    assertTrue(store.read("no-such-session", TckCheckpoints.idFor(SESSION, 1)).isEmpty());
  }

  @Test
  void readOfAnUnknownIdIsEmpty() {
    // given
    appendSequences(SESSION, 2, 4);
    // when / then
    assertTrue(store.read(SESSION, CheckpointId.of("never-appended")).isEmpty());
  }

  @Test
  void readOfAnIdThatBelongsToAnotherSessionIsEmpty() {
    // given
    appendSequences(OTHER, 1, 4);
    // when / then
    assertTrue(store.read(SESSION, TckCheckpoints.idFor(OTHER, 1)).isEmpty(),
        "a checkpoint must only be readable through its own session");
  }

  @Test
  void listAndLatestOfAnUnknownSessionAreEmpty() {
    // given
    appendSequences(SESSION, 2, 4);
    // when / then
    assertEquals(List.of(), store.list("no-such-session", CheckpointQuery.all()));
    assertTrue(store.latest("no-such-session").isEmpty());
  }

  @Test
  void deletesOnAnUnknownSessionReturnZero() {
    // given
    appendSequences(SESSION, 1, 4);
    // when / then
    assertEquals(0, store.delete("no-such-session", List.of(TckCheckpoints.idFor(SESSION, 1))));
    assertEquals(0, store.deleteSession("no-such-session"));
    assertEquals(1, listAll(SESSION).size());
  }

  @Test
  void anEmptyStoreAnswersEveryQueryWithNothing() {
    // when / then
    assertTrue(store.sessions().isEmpty());
    assertTrue(store.latest(SESSION).isEmpty());
    assertTrue(listAll(SESSION).isEmpty());
  }

  @Test
  void invalidSessionIdsAreRejectedWithIllegalArgument() {
    // given
    String blank = "   ";
    String tooLong = "x".repeat(257);
    String withNul = "a\u0000b";
    // when / then
    assertThrows(IllegalArgumentException.class, () -> store.read(blank, CheckpointId.of("x")));
    assertThrows(IllegalArgumentException.class, () -> store.list(tooLong, CheckpointQuery.all()));
    assertThrows(IllegalArgumentException.class, () -> store.latest(withNul));
  }
}
