package dev.magnus.rollback.cli;

import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreStats;
import dev.magnus.rollback.store.file.FileStores;
import java.util.List;
import java.util.Map;

/*
 * What a store reported about damage when it opened: the file store's sentences (one per damaged
 * place: the segment, what was lost, what was done), its corruption count (records lost plus
 * checkpoints withheld), and what is not corruption but worth a line: torn tails (bytes of a write
 * never acknowledged) and quarantined *.corrupt files kept from an earlier repair. Empty for a
 * healthy store or another kind of store. Immutable.
 */
record StoreDamage(List<String> reports, long corruptions, Map<String, Long> extra) {
  StoreDamage {
    reports = List.copyOf(reports);
    extra = Map.copyOf(extra);
  }

  static StoreDamage of(CheckpointStore store) {
    StoreStats stats = store.stats();
    return new StoreDamage(FileStores.damage(store), stats.corruptions(), stats.extra());
  }

  /** Tell whether the store lost or withheld anything, or said where it is damaged. */
  boolean found() {
    return corruptions > 0 || !reports.isEmpty();
  }

  long count(String key) {
    return extra.getOrDefault(key, 0L);
  }

  long tornTails() {
    return count("tornTails");
  }

  long quarantinedFiles() {
    return count("quarantinedFiles");
  }

  /** Say how much the store counted, for a summary line. */
  String counted() {
    return corruptions + " corruption" + (corruptions == 1 ? "" : "s") + " (records lost or checkpoints withheld) in "
        + reports.size() + " damaged place" + (reports.size() == 1 ? "" : "s");
  }
}
