package dev.magnus.rollback.bench;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CompressionConfig;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import dev.magnus.rollback.store.file.FsyncPolicy;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;

/**
 * The figures that are sizes rather than rates: bytes stored per checkpoint, the heap an in-memory
 * store retains, and the building of the 10,000-checkpoint store that the reopen figure opens.
 *
 * <p>Heap method: retained size by difference. The used heap after three {@code System.gc()} calls
 * (G1 runs a full collection for each) is read from the {@link MemoryMXBean} before anything is
 * built and again while only the filled store is reachable; the difference is what the store retains
 * (records, descriptors, indexes). Garbage made while filling is gone by then, so this is the steady
 * cost, not the transient peak of filling. Not thread-safe.
 */
final class Extras {
  static final int REOPEN_CHECKPOINTS = 10_000;
  private static final int REOPEN_SESSIONS = 100;
  private static final int HEAP_SESSIONS = 10;

  private Extras() {}

  /** Bytes stored per checkpoint of one state size, compression off and on. */
  record Bytes(String state, long raw, long storedPlain, long storedDeflate, double diskPlain, double diskDeflate) {}

  /** Retained heap of 10,000 checkpoints. */
  record Heap(long checkpoints, long payloadBytes, long storeRetained, long engineAndStoreRetained) {}

  static Bytes bytes(Path base, BenchStates.Size size) {
    long[] plain = stored(base.resolve("bytes-plain-" + size), size, CompressionConfig.disabled());
    long[] deflate = stored(base.resolve("bytes-deflate-" + size), size, CompressionConfig.above(0));
    return new Bytes(size.name(), plain[0], plain[1], deflate[1], plain[2] / 100.0, deflate[2] / 100.0);
  }

  /** Return raw size, stored size, and file-store bytes on disk for 100 checkpoints. */
  private static long[] stored(Path dir, BenchStates.Size size, CompressionConfig compression) {
    try {
      Checkpoint last;
      try (EngineRig rig = EngineRig.custom(FileStores.builder(dir).fsync(FsyncPolicy.NONE).open(), 1000,
          compression, size, 1)) {
        for (int i = 0; i < 99; i++) {
          rig.checkpoint(0);
        }
        last = rig.session(0).checkpoints().get(99);
      }
      return new long[] {last.rawSize(), last.storedSize(), TempDirs.bytes(dir, "LOCK")};
    } finally {
      TempDirs.delete(dir);
    }
  }

  /** Bytes per record the file store writes for the MEDIUM state: what the raw loop appends. */
  static int storeRecordBytes(Path base) {
    Bytes b = bytes(base, BenchStates.Size.MEDIUM);
    return (int) Math.round(b.diskPlain());
  }

  /** Write 10,000 checkpoints (100 sessions of 100) into a file store and close it. */
  static void buildReopenStore(Path dir) {
    int perSession = REOPEN_CHECKPOINTS / REOPEN_SESSIONS;
    try (EngineRig rig = EngineRig.custom(FileStores.builder(dir).fsync(FsyncPolicy.NONE).open(), perSession,
        CompressionConfig.ofDefaults(), BenchStates.Size.MEDIUM, REOPEN_SESSIONS)) {
      for (int s = 0; s < REOPEN_SESSIONS; s++) {
        for (int i = 1; i < perSession; i++) {
          rig.checkpoint(s);
        }
      }
    }
  }

  /** Open the store {@link #buildReopenStore} wrote and return how long the open took, in milliseconds. */
  static double reopenMillis(Path dir) {
    long start = System.nanoTime();
    try (CheckpointStore store = FileStores.open(dir)) {
      double ms = (System.nanoTime() - start) / 1e6;
      long count = store.stats().checkpoints();
      if (count != REOPEN_CHECKPOINTS) {
        throw new IllegalStateException("reopened " + count + " checkpoints, expected " + REOPEN_CHECKPOINTS);
      }
      return ms;
    }
  }

  static Heap heap() throws InterruptedException {
    long before = usedAfterGc();
    long[] engineAndStore = new long[1];
    CheckpointStore copy = copyOfFilledStore(before, engineAndStore);
    long storeOnly = usedAfterGc() - before;
    long payload = copy.stats().payloadBytes();
    long count = copy.stats().checkpoints();
    copy.close();
    return new Heap(count, payload, storeOnly, engineAndStore[0]);
  }

  /**
   * Fill an engine's memory store, measure engine and store, then copy the records into a new store
   * and return it. The engine lives in this method's frame only: had it stayed in a local of the
   * caller's frame, the JVM could keep it reachable through the measurement of the store alone (it did:
   * the store-only figure then counted the engine's audit trail too).
   */
  private static CheckpointStore copyOfFilledStore(long before, long[] engineAndStore) throws InterruptedException {
    CheckpointStore copy = InMemoryStores.create(Long.MAX_VALUE);
    try (EngineRig rig = EngineRig.custom(InMemoryStores.create(Long.MAX_VALUE), REOPEN_CHECKPOINTS,
        CompressionConfig.ofDefaults(), BenchStates.Size.MEDIUM, HEAP_SESSIONS)) {
      int perSession = REOPEN_CHECKPOINTS / HEAP_SESSIONS;
      for (int s = 0; s < HEAP_SESSIONS; s++) {
        for (int i = 1; i < perSession; i++) {
          rig.checkpoint(s);
        }
      }
      engineAndStore[0] = usedAfterGc() - before;
      for (int s = 0; s < HEAP_SESSIONS; s++) {
        String id = rig.session(s).id();
        for (Checkpoint c : new ArrayList<>(rig.session(s).checkpoints())) {
          copy.append(rig.store().read(id, c.id()).orElseThrow());
        }
      }
    }
    return copy;
  }

  static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
