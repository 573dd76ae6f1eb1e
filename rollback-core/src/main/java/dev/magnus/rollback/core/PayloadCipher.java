package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.EncryptionKeyException;

/**
 * Encrypt payloads at rest (after compression or delta encoding) and decrypt them on read; {@link
 * #NONE} holds no keys. Checkpoints it encrypts carry the label {@link Checkpoint#ENCRYPTION}, covered
 * by the chain hash. Implementations are thread-safe.
 */
interface PayloadCipher {
  /** No keys: nothing new is encrypted, and an encrypted payload cannot be read. */
  PayloadCipher NONE = new PayloadCipher() {
    @Override
    public boolean seals(String sessionId) {
      return false;
    }

    @Override
    public byte[] seal(String sessionId, CheckpointId id, long sequence, byte[] plain) {
      throw new IllegalStateException("no encryption key is configured");
    }

    @Override
    public byte[] open(Checkpoint c, byte[] payload) {
      throw new EncryptionKeyException("session '" + c.sessionId() + "' checkpoint " + c.id() + " is encrypted: "
          + "configure integrity.encryption.keys with the key it was written under to read it (another checkpoint "
          + "of an encrypted session needs it too)", "(none configured)", c.sessionId(), c.id());
    }

    @Override
    public void forget(String sessionId) {}
  };

  /**
   * Tell whether new checkpoints of the session are encrypted: with an active key, always; without one,
   * when the session already has a data key (an encrypted session stays encrypted).
   */
  boolean seals(String sessionId);

  /** Encrypt the payload of checkpoint {@code id} (sequence {@code sequence}) of a session. */
  byte[] seal(String sessionId, CheckpointId id, long sequence, byte[] plain);

  /**
   * Decrypt the payload of an encrypted checkpoint.
   *
   * @throws CheckpointViolation if the payload is damaged or belongs to another checkpoint
   * @throws EncryptionKeyException if the key it needs is not configured or is another key
   */
  byte[] open(Checkpoint c, byte[] payload);

  /** Delete a session's data keys (its session was deleted): its payloads can no longer be read. */
  void forget(String sessionId);
}
