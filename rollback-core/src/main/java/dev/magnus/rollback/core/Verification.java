package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StateUpcaster;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Check every stored checkpoint of a session the way the engine checks one before it restores it,
 * without restoring anything: for tools such as {@code rollback verify}.
 *
 * <p>For each live checkpoint, oldest first: the store can read it; its payload decompresses to the
 * recorded size and matches its state hash (HMAC when {@code integrity.hmacKeyEnv} is set, with the
 * key from the environment); it decodes to a state of the same session; its chain hash matches its
 * fields and its parent's chain hash, when the parent is still stored (retention deletes old
 * checkpoints, so a missing parent alone is not an error). A gap in the sequence after the first
 * stored checkpoint that is not SESSION_START is reported too: retention only removes the oldest
 * checkpoints, so a missing checkpoint between two stored ones was lost (a damaged record dropped by
 * the store) or deleted by hand. Except after a checkpoint that a later stored one names as its parent
 * or its {@link Checkpoint#BASE}: retention keeps the target of a rollback while it appends the
 * RECOVERY_POINT (whose parent the target is), and never deletes the base of a kept delta, so the
 * checkpoints right after such a one can be gone while it stays.
 *
 * <p>Reads only; never writes to the store. Thread-safe.
 */
public final class Verification {
  private final CheckpointCodec codec;
  // the codec that reads a given store: with encryption keys, one whose cipher holds that store's key ring
  private final Function<CheckpointStore, CheckpointCodec> codecs;
  private final int schemaVersion;
  private final @Nullable Upcasters upcasters;
  private final boolean keyless; // no encryption keys: an encrypted checkpoint is checked by digest and chain only

  private Verification(CheckpointCodec codec, Function<CheckpointStore, CheckpointCodec> codecs, int schemaVersion,
      @Nullable Upcasters upcasters, boolean keyless) {
    this.keyless = keyless;
    this.codec = codec;
    this.codecs = codecs;
    this.schemaVersion = schemaVersion;
    this.upcasters = upcasters;
  }

  /** Return a verifier with an engine's own codec and upcasters, for the engine's queries and forks. */
  static Verification forEngine(CheckpointCodec codec, int schemaVersion, Upcasters upcasters) {
    return new Verification(codec, store -> codec, schemaVersion, upcasters, false);
  }

  /** Check one checkpoint of a listing of its session (which gives its parent's chain hash). */
  Reading check(CheckpointStore store, Checkpoint c, List<Checkpoint> live) {
    return check(store, c, byId(live));
  }

  /**
   * Return a verifier whose {@link #read} also migrates a state written at an older schema version to
   * the configuration's {@code state.schemaVersion}, with these steps, as an engine's read would; a
   * state of a newer version is returned as stored. {@link #verifySession} never migrates.
   *
   * @param steps the upcasters, for example those {@code ServiceLoader} finds
   * @return the verifier
   */
  public Verification upcastingWith(Collection<StateUpcaster> steps) {
    return new Verification(codec, codecs, schemaVersion, new Upcasters(schemaVersion, List.copyOf(steps)), keyless);
  }

  /**
   * Report one problem found.
   *
   * @param sessionId the session
   * @param sequence the sequence of the checkpoint concerned (of the first missing one, for a gap)
   * @param checkpointId the checkpoint concerned, when known
   * @param problem what is wrong
   */
  public record Problem(String sessionId, long sequence, Optional<CheckpointId> checkpointId, String problem)
      implements Reading {
    /** Validate. */
    public Problem {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(checkpointId, "checkpointId");
      Objects.requireNonNull(problem, "problem");
    }

    @Override
    public String toString() {
      return "session '" + sessionId + "' checkpoint #" + sequence + checkpointId.map(id -> " (" + id + ")").orElse("")
          + ": " + problem;
    }
  }

  /** What reading one checkpoint found: its {@link Verified} state, or the {@link Problem}. */
  public sealed interface Reading permits Verified, Problem {}

  /**
   * A checkpoint whose state passed every check a restore makes.
   *
   * @param checkpoint the checkpoint's descriptor
   * @param state its state, decoded after its hashes verified (migrated, when read by a verifier
   *     {@link #upcastingWith upcasting} to a newer schema version)
   * @param schemaVersion the state schema version the checkpoint was written with
   */
  public record Verified(Checkpoint checkpoint, SessionState state, int schemaVersion) implements Reading {
    /** Validate. */
    public Verified {
      Objects.requireNonNull(checkpoint, "checkpoint");
      Objects.requireNonNull(state, "state");
    }

    /**
     * Create a verified reading of a checkpoint written at schema version 1.
     *
     * @param checkpoint the checkpoint's descriptor
     * @param state its state
     */
    public Verified(Checkpoint checkpoint, SessionState state) {
      this(checkpoint, state, 1);
    }
  }

  /**
   * Create a verifier for checkpoints written with a configuration, reading an HMAC key variable from
   * the process environment.
   *
   * @param config the configuration the checkpoints were written with (integrity and size limits)
   * @return the verifier
   * @throws dev.magnus.rollback.ConfigInvalidException if {@code integrity.hmacKeyEnv} names an unset variable
   */
  public static Verification of(RollbackConfig config) {
    return of(config, System.getenv());
  }

  /**
   * Create a verifier reading the HMAC key variable from the given map.
   *
   * @param config the configuration the checkpoints were written with
   * @param environment environment variables
   * @return the verifier
   */
  public static Verification of(RollbackConfig config, Map<String, String> environment) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(environment, "environment");
    Hasher hasher = Hasher.from(config.integrity(), environment);
    Function<PayloadCipher, CheckpointCodec> codecWith = cipher -> new CheckpointCodec(
        new StateCodec(config.checkpoint().maxStateBytes()), hasher, new PayloadCompression(config.compression()),
        new CheckpointIdGenerator(Clock.systemUTC()), config.checkpoint().maxStateBytes(), config.state().schemaVersion(),
        config.checkpoint().delta(), cipher);
    CheckpointCodec keyless = codecWith.apply(PayloadCipher.NONE);
    EncryptionConfig encryption = config.integrity().encryption();
    dev.magnus.rollback.spi.@Nullable KeyProvider found = KeyProviders.discovered();
    if (encryption.keys().isEmpty() && found == null) {
      return new Verification(keyless, store -> keyless, config.state().schemaVersion(), null, true);
    }
    EncryptionConfig readOnly = new EncryptionConfig(encryption.keys(), Optional.empty()); // it never writes
    Map<CheckpointStore, CheckpointCodec> byStore = Collections.synchronizedMap(new IdentityHashMap<>());
    return new Verification(keyless, store -> byStore.computeIfAbsent(store, s -> codecWith.apply(
        KeyRing.cipher(readOnly, found, environment, s, Clock.systemUTC()))), config.state().schemaVersion(), null,
        false);
  }

  /**
   * Check every live checkpoint of one session.
   *
   * @param store the store to read
   * @param sessionId the session
   * @return the problems, in sequence order; empty when everything verified
   * @throws dev.magnus.rollback.StoreException if the store cannot list the session at all
   */
  public List<Problem> verifySession(CheckpointStore store, String sessionId) {
    Objects.requireNonNull(store, "store");
    List<Checkpoint> live = store.list(sessionId, CheckpointQuery.all());
    Map<CheckpointId, Checkpoint> byId = byId(live);
    Set<CheckpointId> named = namedByOthers(live);
    List<Problem> problems = new ArrayList<>();
    @Nullable Checkpoint previous = null;
    boolean contiguousFromHere = false;
    for (Checkpoint c : live) {
      if (contiguousFromHere && previous != null && c.sequence() > previous.sequence() + 1
          && !named.contains(previous.id())) {
        problems.add(gap(sessionId, previous, c, byId));
      }
      contiguousFromHere |= c.type() != CheckpointType.SESSION_START;
      if (checkSession(store, c, byId) instanceof Problem p) {
        problems.add(p);
      }
      previous = c;
    }
    return problems;
  }

  /**
   * Read one checkpoint's state the way a restore does, without restoring it: its state hash, then
   * its chain hash when its parent is still stored (or it is a root).
   *
   * @param store the store to read
   * @param sessionId the session
   * @param checkpointId the checkpoint
   * @return the verified state or the problem found; empty when the store does not list the checkpoint
   * @throws dev.magnus.rollback.StoreException if the store cannot list the session at all
   */
  public Optional<Reading> read(CheckpointStore store, String sessionId, CheckpointId checkpointId) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(checkpointId, "checkpointId");
    Map<CheckpointId, Checkpoint> byId = byId(store.list(sessionId, CheckpointQuery.all()));
    Checkpoint c = byId.get(checkpointId);
    if (c == null) {
      return Optional.empty();
    }
    Reading reading = check(store, c, byId);
    Upcasters chain = upcasters;
    if (chain == null || !(reading instanceof Verified v)) {
      return Optional.of(reading);
    }
    try {
      return Optional.of(new Verified(c, chain.upcastUpTo(v.state(), v.schemaVersion(), c)));
    } catch (RuntimeException e) {
      return Optional.of(problem(c, String.valueOf(e.getMessage())));
    }
  }

  /**
   * Tell whether a session's checkpoints look hashed with another HMAC key than this verifier's (or
   * with one when this verifier has none, or with none when it has one): every checkpoint whose chain
   * can be checked decodes to a state of its session, yet fails both its state hash and its chain
   * hash. Damage changes either a payload or a descriptor, so it fails one of the two; a different key
   * fails both, on every checkpoint.
   *
   * @param store the store to read
   * @param sessionId the session
   * @return true when at least one checkpoint was checked and every one checked shows that pattern
   * @throws dev.magnus.rollback.StoreException if the store cannot list the session at all
   */
  public boolean hashedWithAnotherKey(CheckpointStore store, String sessionId) {
    Objects.requireNonNull(store, "store");
    Map<CheckpointId, Checkpoint> byId = byId(store.list(sessionId, CheckpointQuery.all()));
    int checked = 0;
    for (Checkpoint c : byId.values()) {
      Optional<String> parentChain = parentChain(c, byId);
      if (parentChain.isEmpty()) {
        continue;
      }
      Optional<CheckpointRecord> record = store.read(sessionId, c.id());
      if (record.isEmpty() || !codecs.apply(store).hashedWithAnotherKey(record.get(), parentChain.get())) {
        return false;
      }
      checked++;
    }
    return checked > 0;
  }

  /**
   * Verify one record as a restore does: its state hash, then its chain hash when the parent's chain
   * hash is known ("" for a root, empty when the parent is not available); a delta's bases come from
   * {@code bases}.
   *
   * @throws IntegrityViolationException naming the checkpoint and what did not match
   */
  Verified verifyRecord(CheckpointRecord record, Optional<String> parentChainHash, Bases bases) {
    CheckpointCodec.Verified decoded = codec.verify(record, true, parentChainHash, bases);
    return new Verified(record.checkpoint(), decoded.state(), decoded.schemaVersion());
  }

  /**
   * Verify a record for a copy, which moves bytes and need not read states: a key ring entry by the
   * SHA-256 of its payload, an encrypted checkpoint by its envelope's digest and its chain hash
   * (no key needed: the bytes are copied as they are and compared after), any other as a restore does.
   *
   * @throws IntegrityViolationException naming the checkpoint and what did not match
   */
  void verifyStored(CheckpointRecord record, Optional<String> parentChainHash, Bases bases) {
    Checkpoint c = record.checkpoint();
    if (dev.magnus.rollback.EncryptionConfig.isKeyRingSession(c.sessionId())) {
      if (!Hasher.same(Hasher.sha256().hex(record.payload()), c.stateHash())) {
        throw CheckpointCodec.violation(c, "the key ring entry's payload does not match its hash");
      }
    } else if (c.labels().containsKey(Checkpoint.ENCRYPTION) && PayloadEnvelope.isSealed(record.payload())) {
      PayloadEnvelope.dekId(c, record.payload());
      codec.checkChain(c, parentChainHash);
    } else {
      verifyRecord(record, parentChainHash, bases);
    }
  }

  /**
   * Encode a state again as a checkpoint like {@code original} at a new position, at the schema version
   * it was written with (a renamed import).
   */
  CheckpointRecord reencode(Verified renamed, Optional<CheckpointId> parentId, String parentChainHash,
      Map<String, String> labels) {
    Checkpoint original = renamed.checkpoint();
    return codec.encode(renamed.state(), renamed.schemaVersion(),
        new CheckpointCodec.Position(original.sequence(), parentId, parentChainHash), original.type(),
        original.description(), labels, original.createdAt());
  }

  private static Map<CheckpointId, Checkpoint> byId(List<Checkpoint> live) {
    Map<CheckpointId, Checkpoint> byId = new LinkedHashMap<>();
    live.forEach(c -> byId.put(c.id(), c));
    return byId;
  }

  /**
   * Return the ids that stored checkpoints name as their parent or their {@link Checkpoint#BASE}: those
   * retention keeps on purpose while deleting the checkpoints right after them.
   */
  private static Set<CheckpointId> namedByOthers(List<Checkpoint> live) {
    Set<CheckpointId> named = new HashSet<>();
    for (Checkpoint c : live) {
      c.parentId().ifPresent(named::add);
      String base = c.labels().get(Checkpoint.BASE);
      try {
        if (base != null) {
          named.add(CheckpointId.of(base));
        }
      } catch (IllegalArgumentException e) {
        // a damaged label names nothing; the checkpoint's own check reports it when it matters
      }
    }
    return named;
  }

  private static Optional<String> parentChain(Checkpoint c, Map<CheckpointId, Checkpoint> byId) {
    return c.parentId().isEmpty() ? Optional.of("")
        : Optional.ofNullable(byId.get(c.parentId().get())).map(Checkpoint::chainHash);
  }

  private static Problem gap(String sessionId, Checkpoint before, Checkpoint after, Map<CheckpointId, Checkpoint> byId) {
    long first = before.sequence() + 1;
    long last = after.sequence() - 1;
    Optional<CheckpointId> named = after.parentId().filter(p -> !byId.containsKey(p));
    String which = first == last ? "checkpoint #" + first + " is" : "checkpoints #" + first + " to #" + last + " are";
    return new Problem(sessionId, first, named, which + " missing between #" + before.sequence() + " and #"
        + after.sequence() + named.map(p -> " (#" + after.sequence() + " names " + p + " as its parent)").orElse("")
        + ": lost to corruption in the store, or deleted outside retention");
  }

  /**
   * Check one checkpoint of a session's listing; without encryption keys, an encrypted one by what can
   * be checked without its key: the envelope's digest (damage at rest) and the chain hash (null when
   * both hold).
   */
  private @Nullable Reading checkSession(CheckpointStore store, Checkpoint c, Map<CheckpointId, Checkpoint> byId) {
    if (!keyless || !c.labels().containsKey(Checkpoint.ENCRYPTION)) {
      return check(store, c, byId);
    }
    try {
      Optional<CheckpointRecord> record = store.read(c.sessionId(), c.id());
      if (record.isEmpty()) {
        return problem(c, "listed by the store but cannot be read");
      }
      PayloadEnvelope.dekId(c, record.get().payload());
      parentChain(c, byId).ifPresent(parent -> codec.checkChain(c, Optional.of(parent)));
      return null;
    } catch (CheckpointViolation e) {
      return problem(c, "integrity check failed: " + e.problem());
    }
  }

  private Reading check(CheckpointStore store, Checkpoint c, Map<CheckpointId, Checkpoint> byId) {
    try {
      Optional<CheckpointRecord> record = store.read(c.sessionId(), c.id());
      if (record.isEmpty()) {
        return problem(c, "listed by the store but cannot be read");
      }
      CheckpointCodec.Verified decoded = codecs.apply(store).verify(record.get(), true, parentChain(c, byId),
          Bases.of(store, c.sessionId()));
      return new Verified(c, decoded.state(), decoded.schemaVersion());
    } catch (CheckpointViolation e) {
      return problem(c, "integrity check failed: " + e.problem());
    } catch (IntegrityViolationException e) {
      return problem(c, e.getMessage());
    } catch (RuntimeException e) {
      return problem(c, "cannot be read: " + e.getMessage());
    }
  }

  private static Problem problem(Checkpoint c, String text) {
    return new Problem(c.sessionId(), c.sequence(), Optional.of(c.id()), text);
  }
}
