package dev.magnus.rollback.bench;

import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The cost of a checkpoint in a session kept by age alone: retention of {@code live} seconds, no count
 * limit to speak of ({@code maxCheckpoints} 10,000,000), a clock that advances one second per checkpoint,
 * so that once the session holds {@code live} checkpoints every new one expires exactly one old one. The
 * engine on the memory store with a one-attribute state (so the figure is the engine's bookkeeping, not
 * encoding); for each size, the session is filled first, then timed for a fixed number of checkpoints.
 * Printed, not written to results/.
 *
 * <p>Usage: {@code java -cp rollback-bench/target/benchmarks.jar dev.magnus.rollback.bench.RetentionByAge
 * [live ...]} (default 1000 10000 100000). Not thread-safe; one run per JVM.
 */
final class RetentionByAge {
  private static final int TIMED = 20_000;
  private static final int REPEATS = 5;

  private RetentionByAge() {}

  /**
   * Print the time per checkpoint for each size.
   *
   * @param args the live counts to measure
   */
  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {1_000, 10_000, 100_000}
        : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    System.out.println("checkpoint with one expiring each time, retention by age alone, memory store, 1 session");
    for (int live : sizes) {
      System.out.printf("  %,9d live: %,9.1f us per checkpoint (best of %d x %,d)%n", live, best(live), REPEATS, TIMED);
    }
  }

  private static double best(int live) {
    MovingClock clock = new MovingClock();
    RollbackConfig config = RollbackConfig.custom().checkpoint(CheckpointConfig.custom().maxCheckpoints(10_000_000)
        .retention(Duration.ofSeconds(live)).build()).build();
    try (SessionRollbackEngine engine = SessionRollback.builder().config(config).clock(clock)
        .store(InMemoryStores.create(Long.MAX_VALUE)).build()) {
      Session session = engine.initialize("aged", BenchStates.metadata(), Map.of("n", 0));
      for (int i = 0; i < live; i++) {
        checkpoint(session, clock, i);
      }
      double best = Double.MAX_VALUE;
      for (int r = 0; r < REPEATS; r++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < TIMED; i++) {
          checkpoint(session, clock, i);
        }
        best = Math.min(best, (System.nanoTime() - t0) / 1e3 / TIMED);
      }
      // the last live seconds' checkpoints, the one at the cutoff, and SESSION_START (pinned by default)
      if (session.checkpoints().size() > live + 2) {
        throw new IllegalStateException("retention did not keep the session at " + live + " checkpoints: "
            + session.checkpoints().size());
      }
      return best;
    }
  }

  private static void checkpoint(Session session, MovingClock clock, int i) {
    clock.now = clock.now.plusSeconds(1);
    session.update(s -> s.with("n", i));
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "aged");
  }

  /** A clock the loop moves by hand. */
  private static final class MovingClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
