package dev.magnus.rollback.store.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention's delete rides on the append's batch: one force covers both, and both survive a reopen. */
class AppendThenDeleteTest {
  @TempDir
  Path dir;

  @Test
  void anAppendWithItsRetentionDeleteCostsOneForce() {
    try (CheckpointStore store = FileStores.open(dir)) {
      CheckpointRecord first = Fixtures.record("s", 1, 64);
      store.append(first);
      long forcesBefore = store.stats().extra().get("forces");

      int deleted = store.appendThenDelete(Fixtures.record("s", 2, 64), List.of(first.checkpoint().id()));

      assertEquals(1, deleted);
      assertEquals(1, store.stats().extra().get("forces") - forcesBefore, "one force for the append and the delete");
    }
  }

  @Test
  void bothTheAppendAndTheDeleteSurviveAReopen() {
    CheckpointRecord first = Fixtures.record("s", 1, 64);
    CheckpointRecord second = Fixtures.record("s", 2, 64);
    try (CheckpointStore store = FileStores.open(dir)) {
      store.append(first);
      store.appendThenDelete(second, List.of(first.checkpoint().id()));
    }

    try (CheckpointStore reopened = FileStores.open(dir)) {
      List<Checkpoint> left = reopened.list("s", CheckpointQuery.all());
      assertEquals(List.of(second.checkpoint()), left);
      assertTrue(reopened.read("s", first.checkpoint().id()).isEmpty());
    }
  }
}
