package dev.magnus.rollback.store.file;

import static dev.magnus.rollback.store.file.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreListener;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store reports each group commit and each force to its listeners, and a listener cannot break it. */
class StoreListenerTest {
  @TempDir
  Path dir;

  /** Records the group sizes and counts the forces. */
  static final class Recording implements StoreListener {
    final List<Integer> groups = new CopyOnWriteArrayList<>();
    final AtomicLong forces = new AtomicLong();

    @Override
    public void groupCommitted(int operations) {
      groups.add(operations);
    }

    @Override
    public void forced(long nanos) {
      assertTrue(nanos >= 0, "a force's time is never negative");
      forces.incrementAndGet();
    }
  }

  @Test
  void eachAppendOfALoneWriterIsOneGroupWithOneForce() {
    // given
    Recording listener = new Recording();
    try (CheckpointStore store = FileStores.open(dir)) {
      assertTrue(store.addListener(listener));
      // when
      store.append(record("s", 1, 100));
      store.append(record("s", 2, 100));
      // then
      assertEquals(List.of(1, 1), listener.groups);
      assertEquals(store.stats().extra().get("forces"), listener.forces.get());
    }
  }

  @Test
  void aListenerThatThrowsDoesNotFailTheAppend() {
    // given
    try (CheckpointStore store = FileStores.open(dir)) {
      store.addListener(new StoreListener() {
        @Override
        public void groupCommitted(int operations) {
          throw new IllegalStateException("listener bug");
        }
      });
      // when
      store.append(record("s", 1, 100));
      // then
      assertEquals(1, store.stats().checkpoints());
    }
  }

  @Test
  void aReadOnlyStoreWritesNothingAndTakesNoListener() {
    // given a store written once, opened read-only
    try (CheckpointStore store = FileStores.open(dir)) {
      store.append(record("s", 1, 100));
    }
    try (CheckpointStore readOnly = FileStores.builder(dir).readOnly().open()) {
      // when / then
      assertFalse(readOnly.addListener(new Recording()));
    }
  }
}
