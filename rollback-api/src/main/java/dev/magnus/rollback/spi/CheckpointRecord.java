package dev.magnus.rollback.spi;

import dev.magnus.rollback.Checkpoint;
import java.util.Arrays;
import java.util.Objects;

/**
 * Pair a checkpoint descriptor with its payload bytes, as stores see them. Immutable: the payload is
 * copied in the constructor and by {@link #payload()}; {@link #wrapping} takes an array the caller
 * hands over instead of copying it.
 *
 * <p>The payload is opaque to stores: the engine's encoding of the state, compressed as the
 * descriptor's {@code compression} says.
 */
public final class CheckpointRecord {
  private final Checkpoint checkpoint;
  private final byte[] payload;

  /**
   * Create a record, copying the payload.
   *
   * @param checkpoint the descriptor
   * @param payload the bytes; copied
   */
  public CheckpointRecord(Checkpoint checkpoint, byte[] payload) {
    this(checkpoint, payload, true);
  }

  private CheckpointRecord(Checkpoint checkpoint, byte[] payload, boolean copy) {
    this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
    this.payload = copy ? Objects.requireNonNull(payload, "payload").clone() : Objects.requireNonNull(payload, "payload");
    if (payload.length != checkpoint.storedSize()) {
      throw new IllegalArgumentException("payload of checkpoint " + checkpoint.id() + " has " + payload.length
          + " bytes but the descriptor's storedSize is " + checkpoint.storedSize());
    }
  }

  /**
   * Create a record that keeps {@code payload} itself instead of a copy: the caller hands the array
   * over and must never write to it again. Meant for bytes nobody else holds, such as a payload just
   * encoded (the engine creates its records this way) or just read from disk, where the constructor's
   * copy would only double the work; the record is then as immutable as one made by the constructor.
   * {@link #payload()} still returns a copy.
   *
   * @param checkpoint the descriptor
   * @param payload the bytes; kept, not copied
   * @return the record
   * @throws IllegalArgumentException if the payload's length is not the descriptor's {@code storedSize}
   */
  public static CheckpointRecord wrapping(Checkpoint checkpoint, byte[] payload) {
    return new CheckpointRecord(checkpoint, payload, false);
  }

  /**
   * Return the descriptor.
   *
   * @return the descriptor
   */
  public Checkpoint checkpoint() {
    return checkpoint;
  }

  /**
   * Return a copy of the payload.
   *
   * @return a fresh copy
   */
  public byte[] payload() {
    return payload.clone();
  }

  /**
   * Return the payload length without copying.
   *
   * @return bytes
   */
  public int payloadLength() {
    return payload.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CheckpointRecord r && checkpoint.equals(r.checkpoint) && Arrays.equals(payload, r.payload);
  }

  @Override
  public int hashCode() {
    return 31 * checkpoint.hashCode() + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "CheckpointRecord[" + checkpoint.id() + ", session=" + checkpoint.sessionId() + ", seq="
        + checkpoint.sequence() + ", " + payload.length + " bytes]";
  }
}
