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
 * engine: every descriptor field set, a random payload of the given size derived from (session,
 * sequence), so two calls with the same arguments give the same record. Thread-safe (stateless).
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
        Instant.ofEpochSecond(1_700_000_000L + sequence, 123_456_789 + sequence),
        Map.of("restoredFrom", "x" + sequence), "sha256:" + Long.toHexString(sequence),
        "chain:" + Long.toHexString(sequence * 7), payloadBytes, payloadBytes, Compression.NONE);
    return new CheckpointRecord(c, payload);
  }
}
