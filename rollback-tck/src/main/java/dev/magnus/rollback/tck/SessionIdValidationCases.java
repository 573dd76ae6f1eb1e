package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.SessionIds;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.StoreStats;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Check that every method taking a session id rejects an invalid one with IllegalArgumentException
 * (a null one may also be rejected with NullPointerException) and changes nothing, deletes included:
 * blank, longer than {@link SessionIds#MAX_LENGTH}, or holding a control character.
 */
abstract class SessionIdValidationCases extends StoreCases {
  /** The stored session whose truncation or trimming the invalid ids below would produce. */
  static final String LONGEST = "v".repeat(SessionIds.MAX_LENGTH);
  /** Invalid ids; null is tried separately. */
  static final List<String> INVALID = List.of("", " ", "   ", "\t", LONGEST + "v", LONGEST + "w", "v".repeat(10_000),
      "a\u0000b", "a\nb", "\u0000", "v\u007f", "v\u0085", LONGEST.substring(1) + "\n", "session-a\u0000");

  private List<CheckpointRecord> stored;

  @BeforeEach
  final void storeTheSessionsAnInvalidIdCouldBeMistakenFor() {
    stored = new ArrayList<>(appendSequences(SESSION, 2, 8));
    stored.addAll(appendSequences(LONGEST, 2, 8));
    stored.addAll(appendSequences("a", 1, 8));
    stored.addAll(appendSequences("ab", 1, 8));
    stored.addAll(appendSequences("v", 1, 8));
  }

  @Test
  void readRejectsEveryInvalidSessionId() {
    assertEveryInvalidIdIsRejected("read", s -> store.read(s, TckCheckpoints.idFor(LONGEST, 1)));
  }

  @Test
  void listRejectsEveryInvalidSessionId() {
    assertEveryInvalidIdIsRejected("list", s -> store.list(s, CheckpointQuery.all()));
  }

  @Test
  void latestRejectsEveryInvalidSessionId() {
    assertEveryInvalidIdIsRejected("latest", s -> store.latest(s));
  }

  @Test
  void deleteRejectsEveryInvalidSessionIdAndDeletesNothing() {
    List<CheckpointId> everyId = ids(descriptors(stored));
    assertEveryInvalidIdIsRejected("delete", s -> store.delete(s, everyId));
  }

  @Test
  void deleteSessionRejectsEveryInvalidSessionIdAndDeletesNothing() {
    assertEveryInvalidIdIsRejected("deleteSession", s -> store.deleteSession(s));
  }

  private void assertEveryInvalidIdIsRejected(String method, Consumer<@Nullable String> call) {
    StoreStats before = store.stats();
    List<String> accepted = new ArrayList<>();
    List<@Nullable String> ids = new ArrayList<>(INVALID);
    ids.add(null);
    for (@Nullable String id : ids) {
      try {
        call.accept(id);
        accepted.add(printable(id));
      } catch (IllegalArgumentException expected) {
        // rejected, as the SPI says
      } catch (NullPointerException e) {
        if (id != null) {
          throw new AssertionError(method + " threw NullPointerException for session id " + printable(id)
              + " instead of IllegalArgumentException", e);
        }
      }
    }
    assertEquals(List.of(), accepted, method + " accepted invalid session ids instead of throwing IllegalArgumentException");
    StoreStats after = store.stats();
    assertEquals(List.of(before.sessions(), before.checkpoints(), before.payloadBytes()),
        List.of(after.sessions(), after.checkpoints(), after.payloadBytes()), method + " with invalid ids changed the store");
    stored.forEach(this::assertStored);
  }

  private static String printable(@Nullable String id) {
    if (id == null) {
      return "null";
    }
    String shown = id.length() > 24 ? id.substring(0, 12) + "...(" + id.length() + " chars)..." + id.substring(id.length() - 4) : id;
    return DescriptorAssertions.quote(shown);
  }
}
