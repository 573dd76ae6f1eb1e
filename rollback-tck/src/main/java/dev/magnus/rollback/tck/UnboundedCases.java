package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.StoreCapability;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Check that a store that does not declare BOUNDED_MEMORY keeps everything it acknowledged: no cache
 * that silently evicts the oldest checkpoints once it holds some tens of mebibytes. A bounded store
 * must refuse an append instead (the BoundedMemory group), so these cases are skipped for it.
 */
abstract class UnboundedCases extends StoreCases {
  /** Sessions, checkpoints per session and payload bytes per checkpoint: 40 MiB in all. */
  static final int SESSIONS = 40;
  static final int PER_SESSION = 4;
  static final int PAYLOAD = 256 * 1024;

  @Test
  void fortyMebibytesAcrossManySessionsAreAllKept() {
    // given
    assumeFalse(store.capabilities().contains(StoreCapability.BOUNDED_MEMORY),
        "the store declares BOUNDED_MEMORY: it must refuse appends beyond its bound, which BoundedMemory checks");
    List<CheckpointRecord> records = new ArrayList<>();
    Set<String> sessions = new TreeSet<>();
    // when
    for (int seq = 1; seq <= PER_SESSION; seq++) {
      for (int s = 0; s < SESSIONS; s++) {
        CheckpointRecord r = TckCheckpoints.record("kept-" + s, seq, PAYLOAD);
        store.append(r);
        records.add(r);
        sessions.add("kept-" + s);
      }
    }
    // then
    assertEquals(sessions, store.sessions());
    assertEquals(List.of((long) SESSIONS, (long) records.size(), (long) records.size() * PAYLOAD),
        List.of(store.stats().sessions(), store.stats().checkpoints(), store.stats().payloadBytes()),
        "stats: sessions, checkpoints, payload bytes");
    records.forEach(this::assertStored);
  }
}
