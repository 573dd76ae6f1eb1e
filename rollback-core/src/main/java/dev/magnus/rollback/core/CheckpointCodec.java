package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.DeltaConfig;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.InvalidStateException;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turn a state into a checkpoint record (encode, hash, compress, chain) and a record back into a
 * verified state.
 *
 * <p>The chain hash covers the parent's chain hash and every descriptor field but the sizes, in a
 * fixed textual layout with lengths before variable fields, so no two different descriptors hash
 * alike. Thread-safe: all collaborators are.
 */
final class CheckpointCodec {
  /** Label keys under this prefix are the engine's ({@link Checkpoint#ENCODING}, {@link Checkpoint#BASE}). */
  static final String RESERVED = "rollback.";
  private final StateCodec states;
  private final Hasher hasher;
  private final PayloadCompression compression;
  private final CheckpointIdGenerator ids;
  private final long maxStateBytes;
  private final int schemaVersion;
  private final DeltaConfig deltas;
  private final PayloadCipher cipher;
  private final StateTree tree;
  private final DeltaDocument patches;
  private final RecentPatches recent;

  CheckpointCodec(StateCodec states, Hasher hasher, PayloadCompression compression, CheckpointIdGenerator ids,
      long maxStateBytes, int schemaVersion, DeltaConfig deltas, PayloadCipher cipher) {
    this.states = states;
    this.hasher = hasher;
    this.compression = compression;
    this.ids = ids;
    this.maxStateBytes = maxStateBytes;
    this.schemaVersion = schemaVersion;
    this.deltas = deltas;
    this.cipher = cipher;
    this.tree = new StateTree(hasher, states);
    this.patches = new DeltaDocument(states);
    this.recent = new RecentPatches(RecentPatches.BUDGET, patches);
  }

  /**
   * A state the engine holds exactly as a stored checkpoint holds it: what the next checkpoint's delta
   * is computed against. {@code chain} counts the deltas from the last full snapshot to it; {@code
   * leaves} caches the tree-hash leaves of values by identity (of this state's or any other's).
   */
  record Base(CheckpointId id, SessionState state, int schemaVersion, StateTree.Leaves leaves, int chain) {}

  /**
   * A record ready to append, the base it becomes once stored (deltas on) and, for a delta, how to
   * write it instead as a full snapshot linked to its base, without hashing and diffing again, and its
   * patch document (decoded once appended, for replays: {@link RecentPatches}).
   */
  record Encoded(CheckpointRecord record, @Nullable Base next, @Nullable Supplier<Encoded> linkedFull,
      byte @Nullable [] patch) {
    Encoded(CheckpointRecord record, @Nullable Base next) {
      this(record, next, null, null);
    }
  }

  /**
   * A verified checkpoint's state, its schema version and, when deltas are on, the base it can serve
   * as, and for a delta the record of its chain a RECOVERY_POINT can hang on when the chain is too long
   * to extend (the one {@code maxChain} − 2 deltas from the full snapshot, or that snapshot; its state
   * rebuilt on the way).
   */
  record Verified(SessionState state, int schemaVersion, @Nullable Base base, @Nullable Base ancestor) {
    Verified(SessionState state, int schemaVersion, @Nullable Base base) {
      this(state, schemaVersion, base, null);
    }
  }

  /** Where a new checkpoint hangs: its sequence and its parent (with the parent's chain hash). */
  record Position(long sequence, Optional<CheckpointId> parentId, String parentChainHash) {}

  /** Encode a state stamped with the given schema version (a renamed import keeps its checkpoints' versions). */
  CheckpointRecord encode(SessionState state, int stateSchemaVersion, Position at, CheckpointType type,
      String description, Map<String, String> labels, Instant createdAt) {
    return encode(state, stateSchemaVersion, at, type, description, labels, createdAt, null, null).record();
  }

  /**
   * Encode a checkpoint of {@code state}. With deltas on: a delta against {@code base} when the base
   * is the new checkpoint's parent at the same schema version (or any base of a RECOVERY_POINT), its
   * chain is shorter than {@code maxChain} and the delta is small enough; otherwise the whole state,
   * linked to the base (the patch from it, so the base can be rebuilt backwards from this snapshot)
   * when the base qualifies. A full snapshot reuses what {@code fragments} (the session's) encoded or
   * deflated before. Labels under {@code rollback.} are the engine's and are replaced.
   */
  Encoded encode(SessionState state, int stateSchemaVersion, Position at, CheckpointType type, String description,
      Map<String, String> labels, Instant createdAt, @Nullable Base base, @Nullable AttributeFragments fragments) {
    Map<String, String> own = new TreeMap<>(labels);
    own.keySet().removeIf(k -> k.startsWith(RESERVED));
    if (cipher.seals(state.sessionId())) {
      own.put(Checkpoint.ENCRYPTION, PayloadEnvelope.SCHEME);
    }
    if (!deltas.enabled()) {
      byte[] raw = fragments == null ? states.encode(state, stateSchemaVersion)
          : fragments.encode(states, state, stateSchemaVersion);
      requireWithinLimit(state, raw.length);
      return new Encoded(record(state, at, type, description, own, createdAt, compression.sized(raw), hasher.hex(raw)),
          null);
    }
    StateTree.Leaves leaves = base == null ? new StateTree.Leaves() : base.leaves().retain(state);
    StateTree.Hashed hashed = tree.hash(state, stateSchemaVersion, leaves);
    requireWithinLimit(state, hashed.fullLength());
    Draft draft = new Draft(state, stateSchemaVersion, at, type, description, own, createdAt, hashed, leaves, fragments);
    if (base != null && base.schemaVersion() == stateSchemaVersion
        && (at.parentId().equals(Optional.of(base.id())) || type == CheckpointType.RECOVERY_POINT)) {
      return against(draft, base);
    }
    own.put(Checkpoint.ENCODING, Checkpoint.FULL);
    return encoded(draft, whole(draft, null), 0);
  }

  /** What a checkpoint will hold, before its payload is chosen. */
  private record Draft(SessionState state, int schema, Position at, CheckpointType type, String description,
      Map<String, String> labels, Instant createdAt, StateTree.Hashed hashed, StateTree.Leaves leaves,
      @Nullable AttributeFragments fragments) {}

  private Encoded encoded(Draft d, PayloadCompression.Sized payload, int chain) {
    CheckpointRecord record = record(d.state, d.at, d.type, d.description, d.labels, d.createdAt, payload,
        d.hashed.hash());
    return new Encoded(record, new Base(record.checkpoint().id(), d.state, d.schema, d.leaves, chain));
  }

  /**
   * The whole state (with {@code extra} after it), deflated reusing the session's deflated large
   * attributes when it is compressed ({@link PackedFragments}).
   */
  private PayloadCompression.Sized whole(Draft d, StateCodec.@Nullable Extra extra) {
    if (d.fragments != null && compression.deflates(d.hashed.fullLength())) {
      PayloadCompression.Sized packed = d.fragments.packed().pack(states, d.state, d.schema, extra);
      requireWithinLimit(d.state, packed.rawLength());
      if (packed.packed().bytes().length < packed.rawLength()) {
        return packed;
      }
    }
    byte[] raw = states.encode(d.state, d.schema, extra, (int) Math.min(1 << 24, d.hashed.fullLength() + 512));
    requireWithinLimit(d.state, raw.length);
    return compression.sized(raw);
  }

  /** Tell whether {@code next} stored as a delta on {@code base} would be within {@code maxRatio} of its full size. */
  boolean deltaFits(Base base, SessionState next) {
    long full = tree.hash(next, base.schemaVersion(), base.leaves()).fullLength(); // kept for the encode that follows
    return patches.fits(next, base.schemaVersion(), base.state(), StatePatch.diff(base.state(), next),
        deltas.maxRatio() * full);
  }

  /** Encode against a base that is the parent: a delta, or a full snapshot linked to the base. */
  private Encoded against(Draft d, Base base) {
    List<StatePatch.Op> ops = StatePatch.diff(base.state(), d.state);
    byte[] delta = patches.encode(d.state, d.schema, base.state(), ops);
    boolean small = delta.length <= deltas.maxRatio() * d.hashed.fullLength();
    if (small && d.type != CheckpointType.SESSION_START && base.chain() < deltas.maxChain()) {
      d.labels.put(Checkpoint.ENCODING, Checkpoint.DELTA);
      d.labels.put(Checkpoint.BASE, base.id().value());
      Encoded encoded = encoded(d, compression.sized(delta), base.chain() + 1);
      return new Encoded(encoded.record(), encoded.next(), () -> linkedFull(d, base, ops), delta);
    }
    if (!small) {
      d.labels.put(Checkpoint.ENCODING, Checkpoint.FULL);
      return encoded(d, whole(d, null), 0);
    }
    return linkedFull(d, base, ops);
  }

  /** The whole state and the patch from {@code base} to it. */
  private Encoded linkedFull(Draft d, Base base, List<StatePatch.Op> ops) {
    d.labels.put(Checkpoint.ENCODING, Checkpoint.FULL);
    d.labels.put(Checkpoint.BASE, base.id().value());
    return encoded(d, whole(d, g -> {
      g.writeObjectFieldStart("link");
      patches.writeLink(g, d.state, base.state(), ops);
      g.writeEndObject();
    }), 0);
  }

  private void requireWithinLimit(SessionState state, long encodedBytes) {
    if (encodedBytes > maxStateBytes) {
      throw new InvalidStateException("state of session '" + state.sessionId() + "' encodes to " + encodedBytes
          + " bytes, over checkpoint.maxStateBytes=" + maxStateBytes + ": shrink the state or raise the limit",
          state.sessionId());
    }
  }

  private CheckpointRecord record(SessionState state, Position at, CheckpointType type, String description,
      Map<String, String> labels, Instant createdAt, PayloadCompression.Sized payload, String stateHash) {
    PayloadCompression.Packed packed = payload.packed();
    long rawSize = payload.rawLength();
    CheckpointId id = ids.next();
    if (labels.containsKey(Checkpoint.ENCODING)) {
      labels.put(Checkpoint.CHECKSUM, PayloadCompression.checksum(packed.bytes()));
    }
    byte[] bytes = labels.containsKey(Checkpoint.ENCRYPTION)
        ? cipher.seal(state.sessionId(), id, at.sequence(), packed.bytes()) : packed.bytes();
    Checkpoint draft = new Checkpoint(id, state.sessionId(), at.sequence(), at.parentId(), type, description, createdAt,
        labels, stateHash, "", rawSize, bytes.length, packed.compression());
    String chainHash = ChainHash.of(hasher, draft, at.parentChainHash());
    Checkpoint checkpoint = new Checkpoint(id, state.sessionId(), at.sequence(), at.parentId(), type, description,
        createdAt, draft.labels(), stateHash, chainHash, rawSize, bytes.length, packed.compression());
    return CheckpointRecord.wrapping(checkpoint, bytes); // fresh bytes nobody else holds: no copy
  }

  /** Return a record's payload opened and unpacked, its bytes checked against its checksum when {@code verify}. */
  private byte[] raw(CheckpointRecord record, boolean verify) {
    Checkpoint c = record.checkpoint();
    byte[] raw;
    byte[] stored = c.labels().containsKey(Checkpoint.ENCRYPTION) ? cipher.open(c, record.payload()) : record.payload();
    if (verify && c.labels().containsKey(Checkpoint.CHECKSUM) && !c.label(Checkpoint.CHECKSUM).orElseThrow().equals(
        PayloadCompression.checksum(stored))) {
      throw violation(c, "payload does not match its " + Checkpoint.CHECKSUM + " label: the stored bytes were damaged");
    }
    try {
      raw = PayloadCompression.unpack(stored, c.compression(), c.rawSize());
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
      if (c.labels().containsKey(Checkpoint.ENCODING) && !Checkpoint.FULL.equals(c.labels().get(Checkpoint.ENCODING))) {
        return false; // a delta's hash needs its bases; a full snapshot of the session answers
      }
      byte[] raw = raw(record, true);
      StateCodec.Decoded d = decodeRaw(c, raw);
      String stateHash = c.labels().containsKey(Checkpoint.ENCODING)
          ? tree.hash(d.state(), d.schemaVersion(), new StateTree.Leaves()).hash() : hasher.hex(raw);
      return !Hasher.same(stateHash, c.stateHash()) && !Hasher.same(ChainHash.of(hasher, c, parentChainHash), c.chainHash());
    } catch (IntegrityViolationException e) {
      return false;
    }
  }

  /**
   * Verify a stored checkpoint the one way every reader does (restore, recovery, a conflicting
   * append's winner, {@link Verification}). A full snapshot: its payload against its state hash, then
   * its descriptor against its chain hash when the parent's chain hash is known. A delta: the records
   * its chain leads to, down to the last full snapshot, each checked the same way (each delta against
   * its base's chain hash), the patches applied in order and the state each reconstructs checked
   * against that checkpoint's state hash. Damage anywhere below the checkpoint is reported as damage
   * of that base, naming it.
   *
   * @param record the record as the store returned it
   * @param verifyStateHash whether to check state hashes ({@code integrity.verifyOnRestore})
   * @param parentChainHash the parent's chain hash ("" for a root), or empty when the parent is no
   *     longer stored (retention deleted it) and the chain cannot be checked
   * @param bases where a delta's bases are read
   * @return the state, at the schema version it was written with, and the base it can serve as
   * @throws IntegrityViolationException naming the checkpoint (or the damaged base) and what did not match
   */
  Verified verify(CheckpointRecord record, boolean verifyStateHash, Optional<String> parentChainHash, Bases bases) {
    return new DeltaReplay(this, verifyStateHash).verify(record, parentChainHash, bases);
  }

  /**
   * Return the decoded link of a full snapshot, or the patch of a delta: the way from its base to it;
   * a delta's without its {@code test} operations when {@code tests} is false (forwards only), its
   * bytes checked against its checksum when {@code verify}.
   */
  StatePatch.Delta patchOf(CheckpointRecord record, boolean tests, boolean verify) {
    Checkpoint c = record.checkpoint();
    try {
      byte[] raw = raw(record, verify);
      return Checkpoint.DELTA.equals(c.labels().get(Checkpoint.ENCODING)) ? patches.decode(raw, tests)
          : patches.decodeLink(raw);
    } catch (IllegalArgumentException | InvalidStateException e) {
      throw violation(c, "its patch does not decode: " + e.getMessage());
    }
  }

  /** Return the decoded patches of the deltas this engine appended, kept for replays ({@link RecentPatches}). */
  RecentPatches recent() {
    return recent;
  }

  /** Delete a deleted session's data keys (encryption at rest) and the patches kept of it. */
  void forget(String sessionId) {
    cipher.forget(sessionId);
    recent.forget(sessionId);
  }

  int maxChain() {
    return deltas.maxChain();
  }

  /** Verify and decode a full snapshot, with the flat hash or, when labelled, the tree form. */
  Verified full(CheckpointRecord record, boolean verify) {
    Checkpoint c = record.checkpoint();
    String encoding = c.labels().get(Checkpoint.ENCODING);
    if (encoding != null && !encoding.equals(Checkpoint.FULL)) {
      throw violation(c, "its " + Checkpoint.ENCODING + " label is '" + encoding + "', not full or delta");
    }
    byte[] raw = raw(record, verify);
    if (encoding == null && verify && !Hasher.same(hasher.hex(raw), c.stateHash())) {
      throw hashMismatch(c, "the stored payload");
    }
    StateCodec.Decoded d = decodeRaw(c, raw);
    StateTree.Leaves leaves = new StateTree.Leaves();
    if (encoding != null && verify && !Hasher.same(tree.hash(d.state(), d.schemaVersion(), leaves).hash(), c.stateHash())) {
      throw hashMismatch(c, "the stored payload");
    }
    return new Verified(d.state(), d.schemaVersion(), new Base(c.id(), d.state(), d.schemaVersion(), leaves, 0));
  }

  /**
   * Apply a patch to a verified state and check the result against {@code target}'s state hash:
   * forwards (a delta record on its base's state) or backwards (the inverse of a later record's patch,
   * giving that record's base).
   */
  Verified apply(Checkpoint target, Verified from, StatePatch.Delta delta, boolean verify, int chain) {
    SessionState state;
    try {
      if (!delta.sessionId().equals(target.sessionId())) {
        throw new IllegalArgumentException("it holds a patch of session '" + delta.sessionId() + "'");
      }
      if (delta.schemaVersion() != from.schemaVersion()) {
        throw new IllegalArgumentException("it is at schema version " + delta.schemaVersion() + ", the state it applies "
            + "to at " + from.schemaVersion());
      }
      state = StatePatch.apply(from.state(), delta);
    } catch (IllegalArgumentException | InvalidStateException e) {
      throw violation(target, "its patch does not apply: " + e.getMessage());
    }
    Base previous = Objects.requireNonNull(from.base());
    StateTree.Leaves leaves = verify ? previous.leaves().retain(state) : previous.leaves(); // trimmed when next used
    if (verify && !Hasher.same(tree.hash(state, delta.schemaVersion(), leaves).hash(), target.stateHash())) {
      throw hashMismatch(target, "the state its patch reconstructs");
    }
    return new Verified(state, delta.schemaVersion(), new Base(target.id(), state, delta.schemaVersion(), leaves, chain));
  }

  /** Tell whether a reconstructed state hashes to the checkpoint's state hash (its leaves are kept for the next). */
  boolean holds(Checkpoint c, Verified v) {
    Base base = Objects.requireNonNull(v.base());
    return Hasher.same(tree.hash(v.state(), v.schemaVersion(), base.leaves()).hash(), c.stateHash());
  }

  IntegrityViolationException hashMismatch(Checkpoint c, String what) {
    return violation(c, "state hash does not match " + what
        + (hasher.keyed() ? " (or the HMAC key differs from the one it was written with)" : ""));
  }

  void checkChain(Checkpoint c, Optional<String> parentChainHash) {
    if (parentChainHash.isPresent() && !Hasher.same(ChainHash.of(hasher, c, parentChainHash.get()), c.chainHash())) {
      throw violation(c, "its chain hash does not match its fields and its parent's chain hash (the descriptor was "
          + "altered)");
    }
  }

  static CheckpointViolation violation(Checkpoint c, String problem) {
    return new CheckpointViolation(c, problem);
  }
}
