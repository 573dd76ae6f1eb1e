package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.EncryptionKeyException;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Each session's data keys, kept in the store itself, in a reserved session of its own ({@link #ringOf}:
 * {@link #SESSION} followed by a digest of the session id, so that finding a session's keys reads only
 * its entries, however many sessions the store holds): one record per data key and wrapping key, whose payload is the data key encrypted (AES-256-GCM) under
 * the wrapping key, bound to the session, data key id and wrapping key id, and whose labels name
 * them and the wrapping key's check value. Payloads are encrypted under the session's data key;
 * rotating a wrapping key rewraps the data keys and rewrites no payload. Deleting a session's
 * entries makes its payloads unreadable. Thread-safe: lookups are cached, changes serialised.
 */
final class KeyRing implements PayloadCipher {
  /** The reserved session holding the key ring; no caller may use this id. */
  static final String SESSION = dev.magnus.rollback.EncryptionConfig.KEY_RING_SESSION;
  static final String OF_SESSION = "rollback.keyring.session";
  static final String DEK = "rollback.keyring.dek";
  static final String KEK = "rollback.keyring.kek";
  static final String CHECK = "rollback.keyring.check";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Hasher RING_NAMES = Hasher.sha256();

  private final CheckpointStore store;
  private final WrappingKeys keys;
  private final CheckpointIdGenerator ids;
  private final Clock clock;
  private final Map<String, DataKey> writing = new ConcurrentHashMap<>();
  private final Map<String, SecretKeySpec> reading = new ConcurrentHashMap<>();
  private final Map<String, Boolean> encrypted = new ConcurrentHashMap<>(); // without an active key: has a data key

  /** A session's data key for new payloads. */
  record DataKey(String id, SecretKeySpec key) {
    @Override
    public String toString() {
      return "DataKey[" + id + "]";
    }
  }

  KeyRing(CheckpointStore store, WrappingKeys keys, Clock clock) {
    this.store = store;
    this.keys = keys;
    this.ids = new CheckpointIdGenerator(clock);
    this.clock = clock;
  }

  @Override
  public boolean seals(String sessionId) {
    return keys.active() != null || writing.containsKey(sessionId)
        || encrypted.computeIfAbsent(sessionId, s -> !entries(s).isEmpty());
  }

  /** The first entry of the session whose wrapping key is configured, the active one first. */
  private Optional<Checkpoint> held(String sessionId) {
    List<Checkpoint> all = entries(sessionId);
    String active = keys.active();
    return all.stream().filter(e -> active != null && active.equals(e.labels().get(KEK))).findFirst()
        .or(() -> all.stream().filter(e -> keys.key(label(e, KEK)).isPresent()).findFirst());
  }

  @Override
  public byte[] seal(String sessionId, CheckpointId id, long sequence, byte[] plain) {
    DataKey key = forWriting(sessionId);
    return PayloadEnvelope.seal(sessionId, id, sequence, key.id(), key.key(), plain);
  }

  @Override
  public byte[] open(Checkpoint c, byte[] payload) {
    if (!PayloadEnvelope.isSealed(payload)) {
      throw CheckpointCodec.violation(c, "it is labelled " + Checkpoint.ENCRYPTION + " but its payload is not an "
          + "encrypted envelope");
    }
    String dekId = PayloadEnvelope.dekId(c, payload);
    return PayloadEnvelope.open(c, dekId, forReading(c.sessionId(), dekId, c), payload);
  }

  @Override
  public void forget(String sessionId) {
    forgetKeys(sessionId);
  }

  /**
   * Return the cipher a configuration asks for: none without keys, else the key ring of {@code store}
   * with the configured (or given) wrapping keys.
   *
   * @throws dev.magnus.rollback.ConfigInvalidException if a key is missing or malformed (naming the id or variable)
   */
  static PayloadCipher cipher(dev.magnus.rollback.EncryptionConfig config, dev.magnus.rollback.spi.@Nullable KeyProvider
      provider, Map<String, String> environment, CheckpointStore store, Clock clock) {
    if (!config.enabled() && config.keys().isEmpty() && provider == null) {
      return PayloadCipher.NONE;
    }
    return new KeyRing(store, WrappingKeys.of(config, provider, environment), clock);
  }

  /** The store session holding the key ring entries of a session. */
  static String ringOf(String sessionId) {
    String hex = RING_NAMES.hex(sessionId.getBytes(StandardCharsets.UTF_8));
    return SESSION + '~' + hex.substring(0, 32);
  }

  /** Refuse the key ring's session ids to callers. */
  static String requireNotReserved(String sessionId) {
    if (dev.magnus.rollback.EncryptionConfig.isKeyRingSession(sessionId)) {
      throw new IllegalArgumentException("session id '" + sessionId + "' starts with '" + SESSION + "', which is "
          + "reserved for the encryption key ring: choose another session id");
    }
    return sessionId;
  }

  /** Return the data key new payloads of the session are encrypted with, creating it on first use. */
  DataKey forWriting(String sessionId) {
    DataKey known = writing.get(sessionId);
    return known != null ? known : create(sessionId);
  }

  private synchronized DataKey create(String sessionId) {
    Optional<Checkpoint> existing = held(sessionId); // a data key another engine (or a run before) created
    if (existing.isPresent()) {
      DataKey key = new DataKey(label(existing.get(), DEK), unwrap(existing.get(), null));
      writing.put(sessionId, key);
      return key;
    }
    List<Checkpoint> unheld = entries(sessionId);
    if (!unheld.isEmpty()) {
      String kek = label(unheld.get(0), KEK);
      throw new EncryptionKeyException("session '" + sessionId + "' is encrypted under the key '" + kek + "', which is "
          + "not configured: add it to integrity.encryption.keys to write to it", kek, sessionId, null);
    }
    String active = keys.active();
    if (active == null) {
      throw new IllegalStateException("no active key: set integrity.encryption.activeKeyId to write encrypted checkpoints");
    }
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    DataKey key = new DataKey(newId(), new SecretKeySpec(raw, "AES"));
    java.util.Arrays.fill(raw, (byte) 0);
    append(sessionId, key.id(), key.key(), active);
    writing.put(sessionId, key);
    reading.put(sessionId + '\n' + key.id(), key.key());
    return key;
  }

  /**
   * Return the data key a payload of the session names.
   *
   * @throws EncryptionKeyException if no configured wrapping key holds it, or the one configured under its id is another key
   * @throws IntegrityViolationException if its key ring entry is damaged
   */
  SecretKeySpec forReading(String sessionId, String dekId, Checkpoint payloadOf) {
    SecretKeySpec known = reading.get(sessionId + '\n' + dekId);
    if (known != null) {
      return known;
    }
    List<Checkpoint> wraps = entries(sessionId).stream().filter(e -> dekId.equals(e.labels().get(DEK))).toList();
    if (wraps.isEmpty()) {
      throw new EncryptionKeyException("session '" + sessionId + "' checkpoint " + payloadOf.id() + " is encrypted with"
          + " data key " + dekId + ", which the key ring does not hold (the session's keys were deleted, or the store"
          + " was copied without its key ring): it cannot be read with any key", dekId, sessionId, payloadOf.id());
    }
    EncryptionKeyException last = null;
    for (Checkpoint wrap : wraps) {
      try {
        SecretKeySpec key = unwrap(wrap, payloadOf);
        reading.put(sessionId + '\n' + dekId, key);
        return key;
      } catch (EncryptionKeyException e) {
        last = e;
      }
    }
    throw last;
  }

  private SecretKeySpec unwrap(Checkpoint wrap, @Nullable Checkpoint payloadOf) {
    String kek = label(wrap, KEK);
    String sessionId = label(wrap, OF_SESSION);
    String dekId = label(wrap, DEK);
    CheckpointId concerned = payloadOf != null ? payloadOf.id() : wrap.id();
    Optional<SecretKeySpec> key = keys.key(kek);
    if (key.isEmpty()) {
      throw new EncryptionKeyException("session '" + sessionId + "' checkpoint " + concerned + " needs the key '" + kek
          + "', which is not configured: add it to integrity.encryption.keys (restoring another checkpoint does not"
          + " help)", kek, sessionId, concerned);
    }
    if (!WrappingKeys.check(key.get()).equals(wrap.labels().get(CHECK))) {
      throw new EncryptionKeyException("session '" + sessionId + "' checkpoint " + concerned + " needs the key '" + kek
          + "', but the key configured under that id is another key (its check value differs): configure the key it "
          + "was written with", kek, sessionId, concerned);
    }
    byte[] payload = store.read(wrap.sessionId(), wrap.id()).orElseThrow(() -> new EncryptionKeyException("the key ring entry "
        + wrap.id() + " of session '" + sessionId + "' was deleted while being read: retry", kek, sessionId, concerned))
        .payload();
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(128, payload, 0, 12));
      cipher.updateAAD(associated(sessionId, dekId, kek));
      byte[] raw = cipher.doFinal(payload, 12, payload.length - 12);
      try {
        return new SecretKeySpec(raw, "AES");
      } finally {
        java.util.Arrays.fill(raw, (byte) 0);
      }
    } catch (AEADBadTagException e) {
      throw damagedEntry(wrap, payloadOf, "the key ring entry " + wrap.id() + " (data key " + dekId + " of session '"
          + sessionId + "', key '" + kek + "') fails its authentication tag: it is damaged");
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw damagedEntry(wrap, payloadOf, "the key ring entry " + wrap.id() + " of session '" + sessionId
          + "' cannot be decrypted (" + e.getClass().getSimpleName() + "): it is damaged");
    }
  }

  /** Append an entry wrapping {@code dek} under the key {@code kek}, retrying on a lost race for the sequence. */
  void append(String sessionId, String dekId, SecretKeySpec dek, String kek) {
    SecretKeySpec wrapping = keys.key(kek).orElseThrow();
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    byte[] sealed;
    byte[] raw = dek.getEncoded();
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, wrapping, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(associated(sessionId, dekId, kek));
      sealed = cipher.doFinal(raw);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot encrypt with AES-256-GCM: " + e.getMessage(), e);
    } finally {
      java.util.Arrays.fill(raw, (byte) 0);
    }
    byte[] payload = ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
    Map<String, String> labels = Map.of(OF_SESSION, sessionId, DEK, dekId, KEK, kek, CHECK, WrappingKeys.check(wrapping));
    String ring = ringOf(sessionId);
    for (int attempt = 0; ; attempt++) {
      long sequence = store.latest(ring).map(Checkpoint::sequence).orElse(0L) + 1;
      Checkpoint c = new Checkpoint(ids.next(), ring, sequence, Optional.empty(), CheckpointType.USER_REQUESTED,
          "data key " + dekId + " of session '" + sessionId + "' under key '" + kek + "'", clock.instant(), labels,
          Hasher.sha256().hex(payload), "", payload.length, payload.length, Compression.NONE);
      try {
        store.append(new CheckpointRecord(c, payload));
        return;
      } catch (CheckpointConflictException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }

  /** Wrap the data key that {@code wrap} holds under the key {@code kek} too (a rotation). */
  void rewrap(String sessionId, String dekId, Checkpoint wrap, String kek) {
    append(sessionId, dekId, unwrap(wrap, null), kek);
  }

  /**
   * Check that the data key is wrapped under {@code kek} and that this wrapping gives the same key as
   * every other wrapping of it that can be opened.
   *
   * @throws IllegalStateException if no wrapping under {@code kek} exists or two wrappings disagree
   */
  void verifyWrapped(String sessionId, String dekId, String kek) {
    List<Checkpoint> wraps = entries(sessionId).stream().filter(e -> dekId.equals(e.labels().get(DEK))).toList();
    byte[] reference = null;
    boolean found = false;
    for (Checkpoint w : wraps) {
      if (keys.key(label(w, KEK)).isEmpty()) {
        continue;
      }
      byte[] key = unwrap(w, null).getEncoded();
      found |= kek.equals(w.labels().get(KEK));
      boolean agrees = reference == null || java.security.MessageDigest.isEqual(reference, key);
      if (reference != null) {
        java.util.Arrays.fill(reference, (byte) 0);
      }
      reference = key;
      if (!agrees) {
        java.util.Arrays.fill(key, (byte) 0);
        throw new IllegalStateException("the wrappings of data key " + dekId + " of session '" + sessionId
            + "' disagree: nothing was deleted; report this");
      }
    }
    if (reference != null) {
      java.util.Arrays.fill(reference, (byte) 0);
    }
    if (!found) {
      throw new IllegalStateException("data key " + dekId + " of session '" + sessionId + "' has no wrapping under key '"
          + kek + "' after the rewrap: nothing was deleted");
    }
  }

  /** Every key ring entry of a store, by ring session. */
  static List<Checkpoint> allEntries(CheckpointStore store) {
    List<Checkpoint> all = new ArrayList<>();
    for (String ring : new java.util.TreeSet<>(store.sessions())) {
      if (dev.magnus.rollback.EncryptionConfig.isKeyRingSession(ring)) {
        all.addAll(store.list(ring, CheckpointQuery.all()));
      }
    }
    return all;
  }

  /** The key ring entries of one session, oldest first. */
  List<Checkpoint> entries(String sessionId) {
    List<Checkpoint> all = new ArrayList<>();
    for (Checkpoint c : store.list(ringOf(sessionId), CheckpointQuery.all())) {
      if (sessionId.equals(c.labels().get(OF_SESSION))) {
        all.add(c);
      }
    }
    return all;
  }

  /** Forget and delete a session's data keys: its payloads can no longer be read. Returns how many entries went. */
  synchronized int forgetKeys(String sessionId) {
    writing.remove(sessionId);
    encrypted.remove(sessionId);
    reading.keySet().removeIf(k -> k.startsWith(sessionId + '\n'));
    List<CheckpointId> doomed = entries(sessionId).stream().map(Checkpoint::id).toList();
    return doomed.isEmpty() ? 0 : store.delete(ringOf(sessionId), doomed);
  }

  private static IntegrityViolationException damagedEntry(Checkpoint wrap, @Nullable Checkpoint payloadOf, String problem) {
    return CheckpointCodec.violation(payloadOf != null ? payloadOf : wrap, problem);
  }

  private static String label(Checkpoint entry, String key) {
    String value = entry.labels().get(key);
    if (value == null) {
      throw new IntegrityViolationException("integrity check failed: the key ring entry " + entry.id() + " has no label "
          + key + ": it was not written by this engine or is damaged", entry.sessionId(), entry.id());
    }
    return value;
  }

  private static byte[] associated(String sessionId, String dekId, String kek) {
    return ("rollback-keyring/1\n" + sessionId.length() + ':' + sessionId + '\n' + dekId + '\n' + kek)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String newId() {
    byte[] b = new byte[PayloadEnvelope.DEK_ID_LENGTH / 2];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
