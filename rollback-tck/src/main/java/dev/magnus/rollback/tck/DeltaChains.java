package dev.magnus.rollback.tck;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read the delta structure an engine declares in its labels ({@link Checkpoint#ENCODING},
 * {@link Checkpoint#BASE}), so that the engine cases can state what depends on what: an engine that
 * stores a checkpoint as a delta makes it depend on its base, and damage to the base on every
 * checkpoint whose delta chain leads through it. An engine that writes no such labels has no
 * dependencies, and the cases expect exactly what they expect of whole snapshots. Stateless.
 */
final class DeltaChains {
  private DeltaChains() {}

  /**
   * Return the checkpoint and the bases its delta chain leads through, in that order, as far as the
   * listed checkpoints go.
   */
  static List<CheckpointId> chain(List<Checkpoint> live, Checkpoint c) {
    List<CheckpointId> chain = new ArrayList<>(List.of(c.id()));
    Optional<Checkpoint> current = Optional.of(c);
    while (current.isPresent() && current.get().deltaBase().isPresent()) {
      CheckpointId base = current.get().deltaBase().get();
      if (chain.contains(base)) {
        break;
      }
      chain.add(base);
      current = live.stream().filter(x -> x.id().equals(base)).findFirst();
    }
    return chain;
  }

  /** Tell whether restoring {@code c} reads {@code damaged} (itself, or a base its chain leads through). */
  static boolean dependsOn(List<Checkpoint> live, Checkpoint c, CheckpointId damaged) {
    return chain(live, c).contains(damaged);
  }
}
