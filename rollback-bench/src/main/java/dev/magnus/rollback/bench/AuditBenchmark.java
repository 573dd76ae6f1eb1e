package dev.magnus.rollback.bench;

import dev.magnus.rollback.AuditVerification;
import dev.magnus.rollback.AutoCheckpointResult;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Audit append: the hash-chained audit trail is internal, so this drives the one public operation
 * whose work is a single audit append, an automatic checkpoint skipped by {@code minIntervalMs}
 * (session lock, the skip check, one CHECKPOINT_SKIPPED entry hashed with SHA-256 and chained under
 * the trail's monitor). With 8 threads on 8 sessions it shows the contention on that monitor. Also
 * the verification of the full 10,000-entry log.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class AuditBenchmark {
  private static final int SESSIONS = 8;
  private final AtomicInteger nextSession = new AtomicInteger();
  private SessionRollbackEngine engine;
  private Session[] sessions;

  /** The session a benchmark thread drives. */
  @State(Scope.Thread)
  public static class Slot {
    Session session;

    /** @param bench the shared state */
    @Setup(Level.Trial)
    public void claim(AuditBenchmark bench) {
      session = bench.sessions[bench.nextSession.getAndIncrement() % SESSIONS];
    }
  }

  /** Open an engine whose automatic checkpoints are skipped for an hour after the first. */
  @Setup(Level.Trial)
  public void open() {
    RollbackConfig config = RollbackConfig.custom()
        .checkpoint(CheckpointConfig.custom().minInterval(Duration.ofHours(1)).build()).build();
    engine = SessionRollback.builder().config(config).store(InMemoryStores.create()).build();
    sessions = new Session[SESSIONS];
    for (int i = 0; i < SESSIONS; i++) {
      sessions[i] = engine.initialize("audit-" + i, BenchStates.metadata(),
          BenchStates.attributes(BenchStates.Size.SMALL, i));
      sessions[i].autoCheckpoint(CheckpointType.PATTERN_MILESTONE, "first");
    }
    for (int i = 0; i < 10_000; i++) {
      sessions[0].autoCheckpoint(CheckpointType.PATTERN_MILESTONE, "fill the log");
    }
  }

  /** Close the engine. */
  @TearDown(Level.Trial)
  public void close() {
    engine.close();
  }

  /** @param slot the thread's session @return the skip result */
  @Benchmark
  @Threads(1)
  public AutoCheckpointResult append1(Slot slot) {
    return slot.session.autoCheckpoint(CheckpointType.PATTERN_MILESTONE, "skipped");
  }

  /** @param slot the thread's session @return the skip result */
  @Benchmark
  @Threads(8)
  public AutoCheckpointResult append8(Slot slot) {
    return slot.session.autoCheckpoint(CheckpointType.PATTERN_MILESTONE, "skipped");
  }

  /** @return the verification of the retained log (10,000 entries by default) */
  @Benchmark
  public AuditVerification verifyLog() {
    return engine.getAuditLog().verify();
  }

}
