package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.InvalidStateException;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Turn a state into a checkpoint record (encode, hash, compress, chain) and a record back into a
 * verified state.
 *
 * <p>The chain hash covers the parent's chain hash and every descriptor field but the sizes, in a
 * fixed textual layout with lengths before variable fields, so no two different descriptors hash
 * alike. Thread-safe: all collaborators are.
 */
final class CheckpointCodec {
  private final StateCodec states;
  private final Hasher hasher;
  private final PayloadCompression compression;
  private final CheckpointIdGenerator ids;
  private final long maxStateBytes;
  private final int schemaVersion;

  CheckpointCodec(StateCodec states, Hasher hasher, PayloadCompression compression, CheckpointIdGenerator ids,
      long maxStateBytes, int schemaVersion) {
    this.states = states;
    this.hasher = hasher;
    this.compression = compression;
    this.ids = ids;
    this.maxStateBytes = maxStateBytes;
    this.schemaVersion = schemaVersion;
  }

  /** Where a new checkpoint hangs: its sequence and its parent (with the parent's chain hash). */
  record Position(long sequence, Optional<CheckpointId> parentId, String parentChainHash) {}

  CheckpointRecord encode(SessionState state, Position at, CheckpointType type, String description,
      Map<String, String> labels, Instant createdAt) {
    return encode(state, schemaVersion, at, type, description, labels, createdAt);
  }

  /** Encode a state stamped with the given schema version (a renamed import keeps its checkpoints' versions). */
  CheckpointRecord encode(SessionState state, int stateSchemaVersion, Position at, CheckpointType type,
      String description, Map<String, String> labels, Instant createdAt) {
    byte[] raw = states.encode(state, stateSchemaVersion);
    if (raw.length > maxStateBytes) {
      throw new InvalidStateException("state of session '" + state.sessionId() + "' encodes to " + raw.length
          + " bytes, over checkpoint.maxStateBytes=" + maxStateBytes + ": shrink the state or raise the limit",
          state.sessionId());
    }
    String stateHash = hasher.hex(raw);
    PayloadCompression.Packed packed = compression.pack(raw);
    CheckpointId id = ids.next();
    Checkpoint draft = new Checkpoint(id, state.sessionId(), at.sequence(), at.parentId(), type, description, createdAt,
        labels, stateHash, "", raw.length, packed.bytes().length, packed.compression());
    String chainHash = chainHash(draft, at.parentChainHash());
    Checkpoint checkpoint = new Checkpoint(id, state.sessionId(), at.sequence(), at.parentId(), type, description,
        createdAt, draft.labels(), stateHash, chainHash, raw.length, packed.bytes().length, packed.compression());
    return new CheckpointRecord(checkpoint, packed.bytes());
  }

  /**
   * Verify a record's payload against its state hash and decode it.
   *
   * @throws IntegrityViolationException naming the checkpoint and what did not match
   */
  private StateCodec.Decoded decode(CheckpointRecord record, boolean verify) {
    Checkpoint c = record.checkpoint();
    byte[] raw = raw(record);
    if (verify && !Hasher.same(hasher.hex(raw), c.stateHash())) {
      throw violation(c, "state hash does not match the stored payload"
          + (hasher.keyed() ? " (or the HMAC key differs from the one it was written with)" : ""));
    }
    return decodeRaw(c, raw);
  }

  private static byte[] raw(CheckpointRecord record) {
    Checkpoint c = record.checkpoint();
    byte[] raw;
    try {
      raw = PayloadCompression.unpack(record.payload(), c.compression(), c.rawSize());
    } catch (IllegalArgumentException e) {
      throw violation(c, String.valueOf(e.getMessage()));
    }
    if (raw.length != c.rawSize()) {
      throw violation(c, "payload has " + raw.length + " bytes, descriptor says " + c.rawSize());
    }
    return raw;
  }

  private StateCodec.Decoded decodeRaw(Checkpoint c, byte[] raw) {
    StateCodec.Decoded decoded;
    try {
      decoded = states.decodeWithSchema(raw);
    } catch (IllegalArgumentException | InvalidStateException e) {
      throw violation(c, "payload does not decode: " + e.getMessage());
    }
    if (!decoded.state().sessionId().equals(c.sessionId())) {
      throw violation(c, "payload holds the state of session '" + decoded.state().sessionId() + "'");
    }
    return decoded;
  }

  /**
   * Tell whether a record looks hashed with another key than this codec's: its payload is intact (it
   * decodes to a state of its session) but both its state hash and its chain hash differ from what
   * this codec computes. Damage changes one of the two (a payload or a descriptor), a different key
   * (or none) changes both.
   */
  boolean hashedWithAnotherKey(CheckpointRecord record, String parentChainHash) {
    Checkpoint c = record.checkpoint();
    try {
      byte[] raw = raw(record);
      decodeRaw(c, raw);
      return !Hasher.same(hasher.hex(raw), c.stateHash()) && !Hasher.same(chainHash(c, parentChainHash), c.chainHash());
    } catch (IntegrityViolationException e) {
      return false;
    }
  }

  /**
   * Verify a stored checkpoint the one way every reader does (restore, recovery, a conflicting
   * append's winner, {@link Verification}): its payload against its state hash, then its descriptor
   * against its chain hash when the parent's chain hash is known.
   *
   * @param record the record as the store returned it
   * @param verifyStateHash whether to check the state hash ({@code integrity.verifyOnRestore})
   * @param parentChainHash the parent's chain hash ("" for a root), or empty when the parent is no
   *     longer stored (retention deleted it) and the chain cannot be checked
   * @return the decoded state, at the schema version it was written with
   * @throws IntegrityViolationException naming the checkpoint and what did not match
   */
  StateCodec.Decoded verify(CheckpointRecord record, boolean verifyStateHash, Optional<String> parentChainHash) {
    StateCodec.Decoded state = decode(record, verifyStateHash);
    Checkpoint c = record.checkpoint();
    if (parentChainHash.isPresent() && !Hasher.same(chainHash(c, parentChainHash.get()), c.chainHash())) {
      throw violation(c, "its chain hash does not match its fields and its parent's chain hash (the descriptor was "
          + "altered)");
    }
    return state;
  }

  String chainHash(Checkpoint c, String parentChainHash) {
    StringBuilder b = new StringBuilder(256);
    field(b, parentChainHash);
    field(b, c.id().value());
    field(b, c.sessionId());
    field(b, Long.toString(c.sequence()));
    field(b, c.parentId().map(CheckpointId::value).orElse(""));
    field(b, c.type().name());
    field(b, c.description());
    field(b, c.createdAt().toString());
    b.append(c.labels().size()).append(';');
    c.labels().forEach((k, v) -> field(field(b, k), v));
    field(b, c.stateHash());
    field(b, c.compression().name());
    return hasher.hex(b.toString());
  }

  private static StringBuilder field(StringBuilder b, String value) {
    return b.append(value.length()).append(':').append(value).append(';');
  }

  private static IntegrityViolationException violation(Checkpoint c, String problem) {
    return new Violation(c, problem);
  }

  /** An integrity violation that keeps the bare problem, for tools that word the rest themselves. */
  static final class Violation extends IntegrityViolationException {
    private final String problem;

    Violation(Checkpoint c, String problem) {
      super("checkpoint " + c.id() + " of session '" + c.sessionId() + "' (sequence " + c.sequence() + ") failed its "
          + "integrity check: " + problem + "; the state was not applied. Roll back to another checkpoint, or run "
          + "recovery", c.sessionId(), c.id());
      this.problem = problem;
    }

    /** Return what did not match, without the checkpoint's name or advice. */
    String problem() {
      return problem;
    }
  }
}
