package dev.magnus.rollback;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Signal that an encrypted checkpoint cannot be read because of its key, not because of its data: the
 * key id it needs is not configured, or the key configured under that id is not the one it was
 * written with. Rolling back to another checkpoint does not help; configuring the right key does.
 * Never carries key material.
 */
public class EncryptionKeyException extends RollbackException {
  /** The key id concerned. */
  private final String keyId;

  /**
   * Create the exception.
   *
   * @param message what went wrong and the fix, naming the key id and never the key
   * @param keyId the key id concerned, returned by {@link #keyId()}
   * @param sessionId the session, or null when not known
   * @param checkpointId the checkpoint, or null when not known
   */
  public EncryptionKeyException(String message, String keyId, @Nullable String sessionId,
      @Nullable CheckpointId checkpointId) {
    super(message, sessionId, checkpointId, null);
    this.keyId = Objects.requireNonNull(keyId, "keyId");
  }

  /**
   * Return the key id the checkpoint needs.
   *
   * @return the key id (a wrapping key's id, or a session data key's id when no wrapping key could be named)
   */
  public String keyId() {
    return keyId;
  }
}
