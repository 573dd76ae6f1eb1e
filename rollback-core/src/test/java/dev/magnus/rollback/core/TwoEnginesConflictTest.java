package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.T0;
import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.InjectingStore;
import dev.magnus.rollback.tck.ManualClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two engines ("nodes") on one store: the loser of a race reloads the winner's state, never overwrites it. */
class TwoEnginesConflictTest {
  private final CheckpointStore shared = InMemoryStores.create();
  private final ManualClock clock = new ManualClock(T0);
  /* Each engine "owns" a view of the shared store, whose closing does not close it for the other. */
  private final SessionRollbackEngine nodeA =
      Fixtures.engine(InjectingStore.view(shared), clock, RollbackConfig.ofDefaults());
  private final SessionRollbackEngine nodeB =
      Fixtures.engine(InjectingStore.view(shared), clock, RollbackConfig.ofDefaults());

  @Test
  void theLoserOfARaceReloadsTheWinnersStateAndReportsTheConflict() {
    Session onA = nodeA.initialize("s1", metadata(), Map.of("owner", "nobody"));
    Session onB = nodeB.resume("s1");
    onA.update(s -> s.with("owner", "A"));
    Checkpoint winner = onA.createCheckpoint(CheckpointType.USER_REQUESTED, "A was first");
    onB.update(s -> s.with("owner", "B"));

    CheckpointConflictException e = assertThrows(CheckpointConflictException.class,
        () -> onB.createCheckpoint(CheckpointType.USER_REQUESTED, "B was second"));

    assertTrue(e.getMessage().contains("reloaded") && e.getMessage().contains(winner.id().value()), e.getMessage());
    assertEquals("A", onB.getCurrentState().attributes().get("owner"), "B now holds what A committed");
    List<Checkpoint> stored = shared.list("s1", CheckpointQuery.all());
    assertEquals(List.of(1L, 2L), stored.stream().map(Checkpoint::sequence).toList(), "nothing was overwritten");
    List<AuditEntry> audit = nodeB.getAuditLog().entries("s1");
    assertTrue(audit.stream().anyMatch(a -> "true".equals(a.details().get("conflict"))), audit.toString());
  }

  @Test
  void afterTheReloadTheLoserAppendsAfterTheWinner() {
    Session onA = nodeA.initialize("s1", metadata());
    Session onB = nodeB.resume("s1");
    Checkpoint winner = onA.createCheckpoint(CheckpointType.USER_REQUESTED, "A");
    assertThrows(CheckpointConflictException.class, () -> onB.createCheckpoint(CheckpointType.USER_REQUESTED, "B"));

    Checkpoint next = onB.createCheckpoint(CheckpointType.USER_REQUESTED, "B again, after the reload");

    assertEquals(3, next.sequence());
    assertEquals(winner.id(), next.parentId().orElseThrow(), "B's history continues from A's checkpoint");
  }
}
