package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.T0;
import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointNotFoundException;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.InvalidStateException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.RollbackException;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionAlreadyExistsException;
import dev.magnus.rollback.SessionNotFoundException;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.InjectingStore;
import dev.magnus.rollback.tck.ManualClock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's exceptions name the session and checkpoint they concern, so callers need not parse messages. */
class ExceptionContextTest {
  private static final String SESSION = "s1";
  private final CheckpointStore data = InMemoryStores.create();
  private final InjectingStore store = InjectingStore.wrap(data);
  private final ManualClock clock = new ManualClock(T0);
  private final SessionRollbackEngine engine = Fixtures.engine(store, clock, RollbackConfig.ofDefaults());

  @AfterEach
  void close() {
    engine.close();
  }

  private static void assertConcerns(RollbackException e, String sessionId, Optional<CheckpointId> checkpointId) {
    assertEquals(Optional.of(sessionId), e.sessionId(), e::getMessage);
    assertEquals(checkpointId, e.checkpointId(), e::getMessage);
  }

  @Test
  void anUnknownCheckpointNamesTheSessionAndTheCheckpoint() {
    // given
    Session session = engine.initialize(SESSION, metadata());
    CheckpointId unknown = CheckpointId.of("no-such-checkpoint");
    // when
    CheckpointNotFoundException e = assertThrows(CheckpointNotFoundException.class,
        () -> session.rollbackToCheckpoint(unknown));
    // then
    assertConcerns(e, SESSION, Optional.of(unknown));
  }

  @Test
  void sessionFailuresNameTheSession() {
    // given
    Session session = engine.initialize(SESSION, metadata());
    // when
    SessionAlreadyExistsException exists = assertThrows(SessionAlreadyExistsException.class,
        () -> engine.initialize(SESSION, metadata()));
    SessionNotFoundException missing = assertThrows(SessionNotFoundException.class, () -> engine.resume("s2"));
    InvalidStateException nullState = assertThrows(InvalidStateException.class, () -> session.update(s -> null));
    session.close();
    ClosedException closed = assertThrows(ClosedException.class, session::getCurrentState);
    // then
    assertConcerns(exists, SESSION, Optional.empty());
    assertConcerns(missing, "s2", Optional.empty());
    assertConcerns(nullState, SESSION, Optional.empty());
    assertConcerns(closed, SESSION, Optional.empty());
  }

  @Test
  void aClosedEngineConcernsNoSession() {
    // given
    engine.close();
    // when
    ClosedException e = assertThrows(ClosedException.class, () -> engine.initialize(SESSION, metadata()));
    // then
    assertEquals(Optional.empty(), e.sessionId());
    assertEquals(Optional.empty(), e.checkpointId());
  }

  @Test
  void aTamperedCheckpointNamesItselfAndItsSession() {
    // given
    Session session = engine.initialize(SESSION, metadata(), Map.of("step", 1));
    Checkpoint target = session.createCheckpoint(CheckpointType.USER_REQUESTED, "target");
    store.onRead(r -> {
      byte[] payload = r.payload();
      payload[payload.length - 2] ^= 1;
      return new CheckpointRecord(r.checkpoint(), payload);
    });
    // when
    IntegrityViolationException e = assertThrows(IntegrityViolationException.class,
        () -> session.rollbackToCheckpoint(target.id()));
    // then
    assertConcerns(e, SESSION, Optional.of(target.id()));
  }

  @Test
  void aFailedAppendNamesTheCheckpointWhoseOutcomeIsUnknownThoughTheStoreNamedNeither() {
    // given
    Session session = engine.initialize(SESSION, metadata());
    store.failAppend(c -> c.type() == CheckpointType.USER_REQUESTED);
    // when
    StoreException e = assertThrows(StoreException.class,
        () -> session.createCheckpoint(CheckpointType.USER_REQUESTED, "lost"));
    // then
    assertEquals(Optional.empty(), ((RollbackException) e.getCause()).sessionId(), "the injected failure names none");
    assertEquals(Optional.of(SESSION), e.sessionId());
    assertTrue(e.checkpointId().isPresent() && e.getMessage().contains(e.checkpointId().get().value()), e::getMessage);
  }

  @Test
  void aConflictNamesTheCheckpointThatLost() {
    // given another engine on the same store appends sequence 2 first
    Session session = engine.initialize(SESSION, metadata());
    try (SessionRollbackEngine winner = Fixtures.engine(InjectingStore.view(data), clock, RollbackConfig.ofDefaults())) {
      winner.resume(SESSION).createCheckpoint(CheckpointType.USER_REQUESTED, "first");
      // when
      CheckpointConflictException e = assertThrows(CheckpointConflictException.class,
          () -> session.createCheckpoint(CheckpointType.USER_REQUESTED, "second"));
      // then
      assertEquals(Optional.of(SESSION), e.sessionId());
      assertTrue(e.checkpointId().isPresent(), e::getMessage);
      assertTrue(data.read(SESSION, e.checkpointId().get()).isEmpty(), "the losing checkpoint was not stored");
    }
  }
}
