package dev.magnus.rollback.spi;

import dev.magnus.rollback.Checkpoint;
import java.util.Arrays;
import java.util.Objects;

/**
 * Pair a checkpoint descriptor with its payload bytes, as stores see them. Immutable: the payload is
 * copied in the constructor and by {@link #payload()}.
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
    this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
    this.payload = Objects.requireNonNull(payload, "payload").clone();
    if (payload.length != checkpoint.storedSize()) {
      throw new IllegalArgumentException("payload of checkpoint " + checkpoint.id() + " has " + payload.length
          + " bytes but the descriptor's storedSize is " + checkpoint.storedSize());
    }
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
