package dev.magnus.rollback.bench;

import dev.magnus.rollback.store.file.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Checkpoint and rollback through the engine, on each store and fsync policy, for each state size,
 * with 1, 8 and 32 concurrent sessions (one thread per session; the method name ends with the
 * thread count).
 *
 * <p>Every thread drives its own session: checkpoints are USER_REQUESTED under the default retention
 * (10 per session, so the store stays small); a rollback goes back to the session's SESSION_START
 * checkpoint, which is pinned, and writes PRE_ROLLBACK and RECOVERY_POINT as the contract says.
 * Example: {@code java -jar rollback-bench/target/benchmarks.jar 'EngineBenchmark.checkpoint1$' -p
 * store=memory -p size=MEDIUM}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class EngineBenchmark {
  private static final int MAX_THREADS = 32;

  /** The store: {@code memory}, or the file store with an fsync policy. */
  @Param({"memory", "file-always", "file-interval", "file-none"})
  public String store;

  /** The state size. */
  @Param({"SMALL", "MEDIUM", "LARGE"})
  public BenchStates.Size size;

  private final AtomicInteger nextSession = new AtomicInteger();
  private EngineRig rig;
  private Path dir;

  /** The session a benchmark thread drives. */
  @State(Scope.Thread)
  public static class Slot {
    int session;

    /**
     * Take the next free session.
     *
     * @param bench the shared benchmark state
     */
    @Setup(Level.Trial)
    public void claim(EngineBenchmark bench) {
      session = bench.nextSession.getAndIncrement();
    }
  }

  /**
   * Open the engine with one session per possible thread.
   *
   * @throws IOException if the store directory cannot be created
   */
  @Setup(Level.Trial)
  public void open() throws IOException {
    if (store.equals("memory")) {
      rig = EngineRig.memory(size, MAX_THREADS);
    } else if (!store.startsWith("file-")) {
      throw new IllegalArgumentException("store must be memory, file-always, file-interval or file-none, was " + store);
    } else {
      dir = TempDirs.create("rollback-jmh-");
      FsyncPolicy policy = FsyncPolicy.valueOf(store.substring("file-".length()).toUpperCase(java.util.Locale.ROOT));
      rig = EngineRig.file(dir.resolve("store"), policy, size, MAX_THREADS);
    }
  }

  /** Close the engine and delete the store directory. */
  @TearDown(Level.Trial)
  public void close() {
    rig.close();
    if (dir != null) {
      TempDirs.delete(dir);
    }
  }

  /** @param slot the thread's session @return the stored size */
  @Benchmark
  @Threads(1)
  public long checkpoint1(Slot slot) {
    return rig.checkpoint(slot.session);
  }

  /** @param slot the thread's session @return the stored size */
  @Benchmark
  @Threads(8)
  public long checkpoint8(Slot slot) {
    return rig.checkpoint(slot.session);
  }

  /** @param slot the thread's session @return the stored size */
  @Benchmark
  @Threads(32)
  public long checkpoint32(Slot slot) {
    return rig.checkpoint(slot.session);
  }

  /** @param slot the thread's session @return the restored revision */
  @Benchmark
  @Threads(1)
  public long rollback1(Slot slot) {
    return rig.rollback(slot.session);
  }

  /** @param slot the thread's session @return the restored revision */
  @Benchmark
  @Threads(8)
  public long rollback8(Slot slot) {
    return rig.rollback(slot.session);
  }

  /** @param slot the thread's session @return the restored revision */
  @Benchmark
  @Threads(32)
  public long rollback32(Slot slot) {
    return rig.rollback(slot.session);
  }
}
