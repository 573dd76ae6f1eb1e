package dev.magnus.rollback.bench;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Build the checkpoint records the store-level benchmarks append straight to a store, without the
 * engine: every descriptor field set, and a random payload of the given size, id and parent derived
 * from (session, sequence), so two calls with the same arguments give the same payload and lineage.
 * The creation time is the wall clock's when the record is built, as the engine stamps a checkpoint:
 * a store's index by age then grows at its end as it does in use (an earlier version derived it from
 * the sequence, so every session of every round shared the same few times and the PostgreSQL store's
 * age index took each insert in its middle; see BENCHMARKS.md). Thread-safe (stateless).
 */
final class StoreRecords {
  private StoreRecords() {}

  static CheckpointId id(String sessionId, long sequence) {
    return CheckpointId.of("c" + Integer.toHexString(sessionId.hashCode()) + "-" + sequence);
  }

  static CheckpointRecord record(String sessionId, long sequence, int payloadBytes) {
    byte[] payload = new byte[payloadBytes];
    new SplittableRandom(sessionId.hashCode() * 31L + sequence).nextBytes(payload);
    Checkpoint c = new Checkpoint(id(sessionId, sequence), sessionId, sequence,
        sequence == 1 ? Optional.empty() : Optional.of(id(sessionId, sequence - 1)),
        CheckpointType.values()[(int) (sequence % CheckpointType.values().length)],
        "checkpoint " + sequence + " of " + sessionId,
        Instant.now(),
        Map.of("restoredFrom", "x" + sequence), "sha256:" + Long.toHexString(sequence),
        "chain:" + Long.toHexString(sequence * 7), payloadBytes, payloadBytes, Compression.NONE);
    return new CheckpointRecord(c, payload);
  }
}
