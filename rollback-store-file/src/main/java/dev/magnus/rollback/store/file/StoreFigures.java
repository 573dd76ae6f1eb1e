package dev.magnus.rollback.store.file;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Gather the file store's own figures for {@code stats().extra()}: segments, bytes, channels, what
 * recovery found, and the writer's and compactor's counters. Stateless; called under the index read
 * lock.
 */
final class StoreFigures {
  private StoreFigures() {}

  static Map<String, Long> extra(CheckpointIndex index, Recovery recovery, ReadChannels readers, BatchWriter w,
      long quarantined, long readCorruptions, boolean readOnly) {
    long bytes = index.segments.values().stream().mapToLong(s -> s.size).sum();
    Map<String, Long> extra = new TreeMap<>(Map.ofEntries(
        Map.entry("segments", (long) index.segments.size()),
        Map.entry("bytesOnDisk", bytes),
        Map.entry("liveRecordBytes", index.segments.values().stream().mapToLong(s -> s.liveBytes).sum()),
        Map.entry("openReadChannels", (long) readers.openCount()),
        Map.entry("tornTails", recovery.tornTails),
        Map.entry("replayConflicts", recovery.replayConflicts),
        Map.entry("salvagedSegments", recovery.salvagedSegments),
        Map.entry("upgradedSegments", recovery.upgradedSegments),
        Map.entry("withheldCheckpoints", recovery.withheld.values().stream().mapToLong(Set::size).sum()),
        Map.entry("quarantinedFiles", quarantined),
        Map.entry("readCorruptions", readCorruptions),
        Map.entry("readOnly", readOnly ? 1L : 0L),
        Map.entry("segmentsFromSummary", recovery.summaries.loaded),
        Map.entry("summariesRejected", recovery.summaries.rejected),
        Map.entry("summariesMissing", recovery.summaries.missing)));
    if (w != null) {
      Compactor c = w.compactor();
      extra.put("forces", w.forces);
      extra.put("batches", w.batches);
      extra.put("appends", w.appends);
      extra.put("failedBatches", w.failedBatches);
      extra.put("segmentRolls", w.active().rolls);
      extra.put("compactions", c.compactions);
      extra.put("deletedSegments", c.deletedSegments);
      extra.put("movedRecords", c.movedRecords);
    }
    return extra;
  }
}
