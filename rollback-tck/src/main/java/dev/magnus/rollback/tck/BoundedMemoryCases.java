package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import dev.magnus.rollback.spi.StoreStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Check, for stores that declare BOUNDED_MEMORY, that an append beyond the bound fails and changes nothing. */
abstract class BoundedMemoryCases extends StoreCases {
  /** The bound the cases create their store with. */
  static final long BOUND = 64 * 1024;
  private CheckpointStore bounded;

  @BeforeEach
  final void openABoundedStore() throws IOException {
    assumeCapability(StoreCapability.BOUNDED_MEMORY);
    Path boundedDir = Files.createDirectory(root.resolve("bounded"));
    Optional<CheckpointStore> created = contract().createBoundedStore(boundedDir, BOUND);
    assumeTrue(created.isPresent(),
        "the store declares BOUNDED_MEMORY but the contract does not override createBoundedStore(Path, long)");
    bounded = track(created.get());
  }

  @Test
  void anAppendBeyondTheBoundFailsWithStoreExceptionAndChangesNothing() {
    // given
    CheckpointRecord small = TckCheckpoints.record(SESSION, 1, 1024);
    bounded.append(small);
    StoreStats before = bounded.stats();
    // when
    assertThrows(StoreException.class, () -> bounded.append(TckCheckpoints.record(SESSION, 2, (int) BOUND * 2)));
    // then
    assertEquals(List.of(small.checkpoint()), bounded.list(SESSION, dev.magnus.rollback.spi.CheckpointQuery.all()));
    assertEquals(before.payloadBytes(), bounded.stats().payloadBytes());
    assertTrue(bounded.read(SESSION, TckCheckpoints.idFor(SESSION, 2)).isEmpty());
  }

  @Test
  void deletingFreesRoomForNewAppends() {
    // given
    int accepted = fill();
    // when
    bounded.deleteSession(SESSION);
    // then
    CheckpointRecord after = TckCheckpoints.record(OTHER, 1, 1024);
    bounded.append(after);
    assertEquals(after, bounded.read(OTHER, after.checkpoint().id()).orElseThrow());
    assertTrue(accepted > 0 && accepted <= BOUND / 1024, "accepted " + accepted + " KiB under a " + BOUND + "-byte bound");
  }

  /** Append 1 KiB records until the store refuses one; return how many it took. */
  private int fill() {
    for (int seq = 1; seq <= 2 * BOUND / 1024; seq++) {
      try {
        bounded.append(TckCheckpoints.record(SESSION, seq, 1024));
      } catch (StoreException full) {
        return seq - 1;
      }
    }
    throw new AssertionError("the store accepted " + 2 * BOUND + " bytes under a bound of " + BOUND);
  }
}
