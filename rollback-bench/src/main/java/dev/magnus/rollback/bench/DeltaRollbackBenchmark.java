package dev.magnus.rollback.bench;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
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
 * The CPU of one rollback with delta checkpoints on, in microseconds per operation: a rollback to
 * SESSION_START (a full snapshot, {@code deltas = 0}) or to the end of a chain of {@code deltas}
 * deltas after it, on the memory store, one thread (the rig of {@link DeltaCells#chainRig}). A
 * rollback reads and verifies the target (replaying its chain), writes the PRE_ROLLBACK and
 * RECOVERY_POINT checkpoints and the audit entries. Example: {@code java -jar
 * rollback-bench/target/benchmarks.jar DeltaRollbackBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class DeltaRollbackBenchmark {
  /** The state size. */
  @Param({"MEDIUM", "LARGE"})
  public BenchStates.Size size;

  /** Deltas between the full snapshot and the target: 0, 15 or 16 (a maximal chain). */
  @Param({"0", "15", "16"})
  public int deltas;

  private EngineRig rig;
  private CheckpointId target;

  /** Open the engine with one session holding a maximal chain. */
  @Setup(Level.Trial)
  public void open() {
    if (deltas < 0 || deltas > DeltaCells.MAX_CHAIN) {
      throw new IllegalArgumentException("deltas must be 0.." + DeltaCells.MAX_CHAIN + ", was " + deltas);
    }
    rig = DeltaCells.chainRig(size);
    List<Checkpoint> all = rig.session(0).checkpoints();
    target = all.get(deltas).id();
    if (DeltaCells.chainLength(all, all.get(deltas)) != deltas) {
      throw new IllegalStateException("the checkpoint at " + deltas + " is not " + deltas + " deltas deep");
    }
  }

  /** Close the engine. */
  @TearDown(Level.Trial)
  public void close() {
    rig.close();
  }

  /** @return the restored revision */
  @Benchmark
  public long rollback() {
    return rig.session(0).rollbackToCheckpoint(target).restoredState().revision();
  }
}
