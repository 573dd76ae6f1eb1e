package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Check many sessions and long sessions. */
abstract class ScaleCases extends StoreCases {
  /** How many sessions the many-sessions case creates. */
  static final int MANY_SESSIONS = 10_000;

  @Test
  void tenThousandSessionsAreAllListedAndReadable() {
    // given
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < MANY_SESSIONS; i++) {
      String session = "s-" + i;
      store.append(TckCheckpoints.record(session, 1, 8));
      expected.add(session);
    }
    // when
    Set<String> sessions = store.sessions();
    // then
    assertEquals(expected, sessions);
    assertEquals(MANY_SESSIONS, store.stats().sessions());
    for (int i = 0; i < MANY_SESSIONS; i += 97) {
      assertStored(TckCheckpoints.record("s-" + i, 1, 8));
    }
  }

  @Test
  void aSessionWithTwoThousandCheckpointsListsThemInOrder() {
    // given
    appendSequences(SESSION, 2000, 8);
    // when
    List<Long> listed = sequences(listAll(SESSION));
    // then
    assertEquals(2000, listed.size());
    for (int i = 0; i < listed.size(); i++) {
      assertEquals(i + 1L, listed.get(i));
    }
  }
}
