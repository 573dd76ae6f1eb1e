package dev.magnus.rollback.bench;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CompressionConfig;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import dev.magnus.rollback.store.file.FsyncPolicy;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reads of a session holding 1,000 checkpoints: restore by id (the store read that every rollback
 * and resume starts with), the list of all 1,000 descriptors from the store, and the same list
 * through the engine ({@code session.checkpoints()}). The file store is written with policy
 * {@code none} (reads do not depend on the policy) and read through the operating system's cache.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ReadBenchmark {
  private static final int CHECKPOINTS = 1000;

  /** The store: {@code memory} or {@code file}. */
  @Param({"memory", "file"})
  public String store;

  /** The state size. */
  @Param({"SMALL", "MEDIUM", "LARGE"})
  public BenchStates.Size size;

  private EngineRig rig;
  private Path dir;
  private CheckpointId[] ids;
  private int next;

  /**
   * Write 1,000 checkpoints of one session.
   *
   * @throws IOException if the directory cannot be created
   */
  @Setup(Level.Trial)
  public void fill() throws IOException {
    CheckpointStore s;
    if (store.equals("memory")) {
      s = InMemoryStores.create(Long.MAX_VALUE);
    } else {
      dir = TempDirs.create("rollback-jmh-");
      s = FileStores.builder(dir.resolve("store")).fsync(FsyncPolicy.NONE).open();
    }
    rig = EngineRig.custom(s, CHECKPOINTS, CompressionConfig.ofDefaults(), size, 1);
    for (int i = 1; i < CHECKPOINTS; i++) {
      rig.checkpoint(0);
    }
    List<Checkpoint> all = rig.session(0).checkpoints();
    ids = all.stream().map(Checkpoint::id).toArray(CheckpointId[]::new);
  }

  /** Close the engine and delete the directory. */
  @TearDown(Level.Trial)
  public void close() {
    rig.close();
    if (dir != null) {
      TempDirs.delete(dir);
    }
  }

  /** @return the record read, by id, cycling through all 1,000 */
  @Benchmark
  public CheckpointRecord readById() {
    next = next + 1 == ids.length ? 0 : next + 1;
    return rig.store().read("bench-0", ids[next]).orElseThrow();
  }

  /** @return the 1,000 descriptors from the store */
  @Benchmark
  public List<Checkpoint> listFromStore() {
    return rig.store().list("bench-0", CheckpointQuery.all());
  }

  /** @return the 1,000 descriptors through the engine */
  @Benchmark
  public List<Checkpoint> listFromSession() {
    return rig.session(0).checkpoints();
  }
}
