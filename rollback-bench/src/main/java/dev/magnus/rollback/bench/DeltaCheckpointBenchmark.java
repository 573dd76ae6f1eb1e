package dev.magnus.rollback.bench;

import dev.magnus.rollback.store.memory.InMemoryStores;
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
 * The CPU of one checkpoint with delta checkpoints off and on, in microseconds per operation: change
 * one small attribute ({@link BenchStates#changeOne}) and checkpoint, through the engine on the memory
 * store, one thread, default configuration apart from {@code checkpoint.delta}. On the memory store a
 * checkpoint is encode (full state or patch), hash, compress above 16 KiB, plus the engine's audit
 * entry and retention; {@link #changeOnly} is the change alone, to subtract. Example:
 * {@code java -jar rollback-bench/target/benchmarks.jar DeltaCheckpointBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class DeltaCheckpointBenchmark {
  /** The state size. */
  @Param({"MEDIUM", "LARGE"})
  public BenchStates.Size size;

  /** Delta checkpoints: {@code off} (the default) or {@code on}. */
  @Param({"off", "on"})
  public String delta;

  private EngineRig rig;
  private long n;

  /** Open the engine with one session. */
  @Setup(Level.Trial)
  public void open() {
    if (!delta.equals("on") && !delta.equals("off")) {
      throw new IllegalArgumentException("delta must be on or off, was " + delta);
    }
    rig = EngineRig.configured(InMemoryStores.create(), DeltaCells.config(delta.equals("on"), 10), size, 1);
  }

  /** Close the engine. */
  @TearDown(Level.Trial)
  public void close() {
    rig.close();
  }

  /** @return the new checkpoint's stored size */
  @Benchmark
  public long changeAndCheckpoint() {
    return rig.changeAndCheckpoint(0, n++).storedSize();
  }

  /** @return the new revision */
  @Benchmark
  public long changeOnly() {
    long k = n++;
    return rig.session(0).update(s -> BenchStates.changeOne(s, size, k)).revision();
  }
}
