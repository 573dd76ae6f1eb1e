package dev.magnus.rollback.tck;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Build valid checkpoint descriptors and records for contract tests. Thread-safe (stateless).
 *
 * <p>Ids are derived from the session and sequence ({@code s<hash>-<sequence>}), so two calls with
 * the same arguments give the same id. Hashes are fake hex strings: stores must treat them as
 * opaque. Payloads are derived from the id, so a test can recompute what a checkpoint must hold.
 */
public final class TckCheckpoints {
  /** The instant every generated checkpoint is created at, plus its sequence in milliseconds. */
  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private TckCheckpoints() {}

  /**
   * Return the id used for a session's sequence.
   *
   * @param sessionId the session
   * @param sequence the sequence
   * @return a valid id, distinct for distinct (session, sequence) pairs in practice
   */
  public static CheckpointId idFor(String sessionId, long sequence) {
    Objects.requireNonNull(sessionId, "sessionId");
    long h = 1125899906842597L;
    for (byte b : sessionId.getBytes(StandardCharsets.UTF_8)) {
      h = 31 * h + b;
    }
    return CheckpointId.of("s" + Long.toHexString(h) + "-" + sequence);
  }

  /**
   * Describe a checkpoint of the given size with every optional field filled.
   *
   * @param sessionId the session
   * @param sequence the sequence, from 1
   * @param type the type
   * @param payloadSize the stored (and raw) size
   * @return the descriptor
   */
  public static Checkpoint checkpoint(String sessionId, long sequence, CheckpointType type, int payloadSize) {
    return checkpoint(idFor(sessionId, sequence), sessionId, sequence, type, payloadSize);
  }

  /**
   * Describe a checkpoint with an explicit id.
   *
   * @param id the id
   * @param sessionId the session
   * @param sequence the sequence, from 1
   * @param type the type
   * @param payloadSize the stored (and raw) size
   * @return the descriptor
   */
  public static Checkpoint checkpoint(CheckpointId id, String sessionId, long sequence, CheckpointType type,
      int payloadSize) {
    Optional<CheckpointId> parent = sequence == 1 ? Optional.empty() : Optional.of(idFor(sessionId, sequence - 1));
    return new Checkpoint(id, sessionId, sequence, parent, type, "checkpoint " + sequence + " — état ✓",
        EPOCH.plusMillis(sequence), Map.of("seq", Long.toString(sequence), "kind", type.name().toLowerCase()),
        fakeHash('a', sequence), fakeHash('c', sequence), payloadSize + 7L, payloadSize, Compression.NONE);
  }

  /**
   * Build a record whose payload is {@link #payload(CheckpointId, int)} of the given size.
   *
   * @param sessionId the session
   * @param sequence the sequence
   * @param payloadSize bytes of payload
   * @return the record
   */
  public static CheckpointRecord record(String sessionId, long sequence, int payloadSize) {
    return record(sessionId, sequence, CheckpointType.USER_REQUESTED, payloadSize);
  }

  /**
   * Build a record of a given type whose payload is {@link #payload(CheckpointId, int)}.
   *
   * @param sessionId the session
   * @param sequence the sequence
   * @param type the type
   * @param payloadSize bytes of payload
   * @return the record
   */
  public static CheckpointRecord record(String sessionId, long sequence, CheckpointType type, int payloadSize) {
    Checkpoint c = checkpoint(sessionId, sequence, type, payloadSize);
    return new CheckpointRecord(c, payload(c.id(), payloadSize));
  }

  /**
   * Build a record for a descriptor, with the deterministic payload of its id.
   *
   * @param checkpoint the descriptor
   * @return the record
   */
  public static CheckpointRecord record(Checkpoint checkpoint) {
    return new CheckpointRecord(checkpoint, payload(checkpoint.id(), Math.toIntExact(checkpoint.storedSize())));
  }

  /**
   * Return deterministic, id-dependent bytes, so a test can tell any two payloads apart.
   *
   * @param id the checkpoint id that seeds the bytes
   * @param size how many bytes
   * @return a fresh array
   */
  public static byte[] payload(CheckpointId id, int size) {
    byte[] bytes = new byte[size];
    long x = id.value().hashCode() * 0x9E3779B97F4A7C15L + 1;
    for (int i = 0; i < size; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      bytes[i] = (byte) x;
    }
    return bytes;
  }

  private static String fakeHash(char prefix, long sequence) {
    String digits = Long.toHexString(sequence);
    return prefix + "0".repeat(63 - digits.length()) + digits;
  }
}
