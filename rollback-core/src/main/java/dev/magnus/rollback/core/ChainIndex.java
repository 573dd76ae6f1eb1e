package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The chain hashes of a session's checkpoints by id, to check each checkpoint's chain hash against its
 * parent's: "" for a root, empty when the parent is not among them (retention deleted it, or it was
 * not exported). Not thread-safe; used by one transfer at a time.
 */
final class ChainIndex {
  private final Map<CheckpointId, String> chains = new HashMap<>();

  ChainIndex() {}

  ChainIndex(Iterable<Checkpoint> checkpoints) {
    checkpoints.forEach(this::add);
  }

  void add(Checkpoint c) {
    chains.put(c.id(), c.chainHash());
  }

  Optional<String> parentChain(Checkpoint c) {
    return c.parentId().isEmpty() ? Optional.of("") : Optional.ofNullable(chains.get(c.parentId().get()));
  }
}
