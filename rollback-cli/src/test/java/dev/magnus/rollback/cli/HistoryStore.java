package dev.magnus.rollback.cli;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Write a file store holding session s-1 with a history worth showing: states that change a nested
 * value, add a key and remove one, and two rollbacks.
 *
 * <pre>
 * #1 SESSION_START   {n: 0, draft: "x", plan: {step: 1}}
 * #2 USER_REQUESTED  {n: 1, draft: "x", plan: {step: 2}}
 * #3 USER_REQUESTED  {n: 2, plan: {step: 3}, route: {model: "opus"}}
 * #4 PRE_ROLLBACK, #5 RECOVERY_POINT restoring #2
 * #6 USER_REQUESTED  {n: 9, ...}
 * #7 PRE_ROLLBACK, #8 RECOVERY_POINT restoring #3
 * </pre>
 */
final class HistoryStore {
  private HistoryStore() {}

  /** Write the store and return s-1's checkpoints, oldest first. */
  static List<Checkpoint> write(Path data) {
    return write(data, RollbackConfig.ofDefaults(), Map.of());
  }

  /** Write the store with a configuration (an HMAC key variable) and the environment holding the key. */
  static List<Checkpoint> write(Path data, RollbackConfig config, Map<String, String> environment) {
    try (SessionRollbackEngine engine = SessionRollback.builder().config(config).environment(environment)
        .store(FileStores.open(data)).build()) {
      SessionMetadata metadata = SessionMetadata.of("u", "test", "1", List.of("a"), Instant.EPOCH);
      Session s = engine.initialize("s-1", metadata, Map.of("n", 0L, "draft", "x", "plan", Map.of("step", 1L)));
      s.update(st -> st.with("n", 1L).with("plan", Map.of("step", 2L)));
      Checkpoint second = s.createCheckpoint(CheckpointType.USER_REQUESTED, "step two");
      s.update(st -> st.with("n", 2L).with("plan", Map.of("step", 3L)).with("route", Map.of("model", "opus"))
          .without("draft"));
      Checkpoint third = s.createCheckpoint(CheckpointType.USER_REQUESTED, "step three");
      s.rollbackToCheckpoint(second.id());
      s.update(st -> st.with("n", 9L));
      s.createCheckpoint(CheckpointType.USER_REQUESTED, "step nine");
      s.rollbackToCheckpoint(third.id());
      return s.checkpoints();
    }
  }

  /** Append a checkpoint #9 with #8's fields and payload under another id (so its chain hash fails); return its id. */
  static String forgeNinth(Path data) {
    try (CheckpointStore store = FileStores.open(data)) {
      CheckpointRecord eighth = store.read("s-1", store.latest("s-1").orElseThrow().id()).orElseThrow();
      Checkpoint c = eighth.checkpoint();
      CheckpointId forged = CheckpointId.of("FORGED00000000000000000009");
      store.append(new CheckpointRecord(new Checkpoint(forged, c.sessionId(), c.sequence() + 1, Optional.of(c.id()),
          c.type(), c.description(), c.createdAt(), c.labels(), c.stateHash(), c.chainHash(), c.rawSize(),
          c.storedSize(), c.compression()), eighth.payload()));
      return forged.value();
    }
  }
}
