package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.spi.CheckpointQuery;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Check that a closed store refuses every operation with ClosedException, and close is idempotent. */
abstract class AfterCloseCases extends StoreCases {
  @BeforeEach
  final void appendThenClose() {
    appendSequences(SESSION, 2, 8);
    store.close();
  }

  @Test
  void appendAfterCloseThrowsClosed() {
    assertThrows(ClosedException.class, () -> store.append(TckCheckpoints.record(SESSION, 3, 8)));
  }

  @Test
  void readAfterCloseThrowsClosed() {
    assertThrows(ClosedException.class, () -> store.read(SESSION, TckCheckpoints.idFor(SESSION, 1)));
  }

  @Test
  void listAfterCloseThrowsClosed() {
    assertThrows(ClosedException.class, () -> store.list(SESSION, CheckpointQuery.all()));
  }

  @Test
  void latestAfterCloseThrowsClosed() {
    assertThrows(ClosedException.class, () -> store.latest(SESSION));
  }

  @Test
  void deleteAfterCloseThrowsClosed() {
    assertThrows(ClosedException.class, () -> store.delete(SESSION, List.of(CheckpointId.of("x"))));
  }

  @Test
  void deleteSessionAfterCloseThrowsClosed() {
    assertThrows(ClosedException.class, () -> store.deleteSession(SESSION));
  }

  @Test
  void sessionsAfterCloseThrowsClosed() {
    assertThrows(ClosedException.class, () -> store.sessions());
  }

  @Test
  void statsAfterCloseThrowsClosed() {
    assertThrows(ClosedException.class, () -> store.stats());
  }

  @Test
  void closingTwiceIsHarmless() {
    assertDoesNotThrow(() -> store.close());
  }
}
