package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encrypted form of a checkpoint payload (after compression or delta encoding):
 * {@code 00 'R' 'B' 'E'}, format 1, the data key's id (length byte, ASCII), a fresh 96-bit nonce, the
 * AES-256-GCM ciphertext with its 128-bit tag, and a SHA-256 of everything before it, so that damage
 * is found without the key. The associated data binds the ciphertext to its checkpoint (session, id,
 * sequence) and data key: moved to another checkpoint, it does not decrypt. No plain payload starts
 * with byte 0 (JSON starts with '{', zlib with 0x78, zstd with 0x28). Thread-safe.
 */
final class PayloadEnvelope {
  static final String SCHEME = "aes-256-gcm";
  private static final byte[] MAGIC = {0, 'R', 'B', 'E'};
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final int DIGEST = 32;
  // Cipher and digest objects are costly to look up (a provider search each time) and not thread-safe: one of
  // each per thread, initialised again for every payload (a new nonce each time; the key schedule is reused
  // while the key is the same).
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(PayloadEnvelope::newCipher);
  private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(PayloadEnvelope::newDigest);
  /** Data key ids are 16 characters (8 random bytes in hex). */
  static final int DEK_ID_LENGTH = 16;
  /** What an envelope adds to a payload: the stored size of an encrypted checkpoint is its plain one plus this. */
  static final int OVERHEAD = MAGIC.length + 2 + DEK_ID_LENGTH + NONCE + TAG_BITS / 8 + DIGEST;

  private PayloadEnvelope() {}

  /** Tell whether the bytes are an envelope (encrypted, not yet opened). */
  static boolean isSealed(byte[] payload) {
    return payload.length >= MAGIC.length && Arrays.equals(payload, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /** Encrypt {@code plain} for checkpoint {@code id} of a session under the data key {@code dekId}. */
  static byte[] seal(String sessionId, CheckpointId checkpointId, long sequence, String dekId, SecretKeySpec dek,
      byte[] plain) {
    byte[] id = dekId.getBytes(StandardCharsets.US_ASCII);
    byte[] nonce = new byte[NONCE];
    ThreadRandom.get().nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.ENCRYPT_MODE, dek, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associated(sessionId, checkpointId, sequence, dekId));
      sealed = cipher.doFinal(plain);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot encrypt with AES-256-GCM: " + e.getMessage(), e);
    }
    ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 2 + id.length + NONCE + sealed.length + DIGEST);
    out.put(MAGIC).put((byte) 1).put((byte) id.length).put(id).put(nonce).put(sealed);
    out.put(sha256(out.array(), out.position()));
    return out.array();
  }

  /**
   * Return the data key id an envelope names, after checking its framing and digest.
   *
   * @throws CheckpointViolation if the envelope is damaged
   */
  static String dekId(Checkpoint c, byte[] payload) {
    if (payload.length < MAGIC.length + 2 + NONCE + TAG_BITS / 8 + DIGEST || payload[4] != 1) {
      throw damaged(c, "its encrypted payload has " + payload.length + " bytes or format " + payload[4] + ", not an "
          + "envelope of format 1");
    }
    int n = payload[5] & 0xff;
    int end = payload.length - DIGEST;
    if (n == 0 || 6 + n + NONCE > end) {
      throw damaged(c, "its encrypted payload's key id length " + n + " does not fit");
    }
    if (!MessageDigest.isEqual(sha256(payload, end), Arrays.copyOfRange(payload, end, payload.length))) {
      throw damaged(c, "its encrypted payload does not match its own digest (damaged at rest)");
    }
    return new String(payload, 6, n, StandardCharsets.US_ASCII);
  }

  /**
   * Decrypt an envelope whose digest was checked ({@link #dekId}).
   *
   * @throws CheckpointViolation if the ciphertext fails its tag: damaged, or moved from another checkpoint
   */
  static byte[] open(Checkpoint c, String dekId, SecretKeySpec dek, byte[] payload) {
    int start = 6 + (payload[5] & 0xff);
    int end = payload.length - DIGEST;
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.DECRYPT_MODE, dek, new GCMParameterSpec(TAG_BITS, payload, start, NONCE));
      cipher.updateAAD(associated(c.sessionId(), c.id(), c.sequence(), dekId));
      return cipher.doFinal(payload, start + NONCE, end - start - NONCE);
    } catch (javax.crypto.AEADBadTagException e) {
      throw damaged(c, "its ciphertext fails its authentication tag under data key " + dekId + ": it was altered, or "
          + "it belongs to another checkpoint");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot decrypt with AES-256-GCM: " + e.getMessage(), e);
    }
  }

  private static byte[] associated(String sessionId, CheckpointId id, long sequence, String dekId) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF("rollback-payload/1");
      out.writeUTF(sessionId);
      out.writeUTF(id.value());
      out.writeLong(sequence);
      out.writeUTF(dekId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] sha256(byte[] data, int length) {
    MessageDigest md = DIGESTS.get();
    md.update(data, 0, length);
    return md.digest(); // resets it
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot encrypt with AES-256-GCM: " + e.getMessage(), e);
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks SHA-256", e);
    }
  }

  private static CheckpointViolation damaged(Checkpoint c, String problem) {
    return CheckpointCodec.violation(c, problem);
  }
}
