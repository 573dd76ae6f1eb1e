package dev.magnus.rollback.core;

import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.tck.ManualClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

/** Shared test setup: metadata, configs and engines over a given store. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Fixtures() {}

  static SessionMetadata metadata() {
    return SessionMetadata.of("user-123", "test", "2.0.0", List.of("convergence", "magnus-15"), T0);
  }

  static RollbackConfig config(UnaryOperator<CheckpointConfig.Builder> checkpoint) {
    return RollbackConfig.custom().checkpoint(checkpoint.apply(CheckpointConfig.custom()).build()).build();
  }

  static SessionRollbackEngine engine(CheckpointStore store, ManualClock clock, RollbackConfig config) {
    return SessionRollback.builder().config(config).store(store).clock(clock).scheduler(SCHEDULER).build();
  }

  static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "test-scheduler");
    t.setDaemon(true);
    return t;
  });
}
