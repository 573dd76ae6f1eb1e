package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read the records a checkpoint's state is rebuilt from: its delta bases, or the later checkpoints
 * that link back to it. Usually one session of a store; for an import, the records of the stream.
 * Thread-safety: as the store's.
 */
interface Bases {
  /** Read one record of the session. */
  Optional<CheckpointRecord> read(CheckpointId id);

  /** List the session's live descriptors, to find later checkpoints a state can be rebuilt from. */
  List<Checkpoint> live();

  /** The bases among one session's records, oldest first (an import's stream). */
  static Bases of(List<CheckpointRecord> records) {
    Map<CheckpointId, CheckpointRecord> byId = new HashMap<>();
    records.forEach(r -> byId.put(r.checkpoint().id(), r));
    List<Checkpoint> live = records.stream().map(CheckpointRecord::checkpoint).toList();
    return new Bases() {
      @Override
      public Optional<CheckpointRecord> read(CheckpointId id) {
        return Optional.ofNullable(byId.get(id));
      }

      @Override
      public List<Checkpoint> live() {
        return live;
      }
    };
  }

  /** The bases a store holds for one session. */
  static Bases of(CheckpointStore store, String sessionId) {
    return new Bases() {
      @Override
      public Optional<CheckpointRecord> read(CheckpointId id) {
        return store.read(sessionId, id);
      }

      @Override
      public List<Checkpoint> live() {
        return store.list(sessionId, CheckpointQuery.all());
      }
    };
  }
}
