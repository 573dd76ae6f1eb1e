package dev.magnus.rollback.store.file;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/** Build checkpoints whose every field is set and whose payload is derived from (session, sequence). */
final class Fixtures {
  private Fixtures() {}

  static CheckpointId id(String sessionId, long sequence) {
    return CheckpointId.of("c" + Integer.toHexString(sessionId.hashCode()) + "-" + sequence);
  }

  static byte[] payload(String sessionId, long sequence, int size) {
    byte[] b = new byte[size];
    new SplittableRandom(sessionId.hashCode() * 31L + sequence).nextBytes(b);
    return b;
  }

  static CheckpointRecord record(String sessionId, long sequence, int size) {
    return record(sessionId, sequence, size, id(sessionId, sequence));
  }

  static CheckpointRecord record(String sessionId, long sequence, int size, CheckpointId id) {
    byte[] payload = payload(sessionId, sequence, size);
    Checkpoint c = new Checkpoint(id, sessionId, sequence,
        sequence == 1 ? Optional.empty() : Optional.of(id(sessionId, sequence - 1)),
        CheckpointType.values()[(int) (sequence % CheckpointType.values().length)],
        "checkpoint " + sequence + " of " + sessionId + " \u00e9\u4e2d\ud83d\ude00",
        Instant.ofEpochSecond(1_700_000_000L + sequence, 123_456_789 + sequence),
        Map.of("restoredFrom", "x" + sequence, "k\u00f8", "v=" + sequence),
        "sha256:" + Long.toHexString(sequence), "chain:" + Long.toHexString(sequence * 7),
        size * 3L + 1, size, sequence % 2 == 0 ? Compression.DEFLATE : Compression.NONE);
    return new CheckpointRecord(c, payload);
  }
}
