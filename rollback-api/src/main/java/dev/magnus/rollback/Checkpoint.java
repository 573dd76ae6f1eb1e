package dev.magnus.rollback;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Describe one stored checkpoint: everything but the state bytes. Immutable.
 *
 * <p>{@code stateHash} is the hex SHA-256 (or HMAC-SHA-256 when a key is configured) of the encoded,
 * uncompressed state. {@code chainHash} covers the parent checkpoint's chain hash and every field
 * of this descriptor except the sizes, so that a changed or removed checkpoint breaks the chain
 * (as in git).
 *
 * @param id unique, time-ordered id
 * @param sessionId the session the checkpoint belongs to
 * @param sequence 1, 2, 3, ... per session, without gaps at creation
 * @param parentId the checkpoint the state descended from; empty for SESSION_START
 * @param type why the checkpoint was taken
 * @param description free text
 * @param createdAt when it was taken
 * @param labels string labels, for example {@code restoredFrom}; sorted by key
 * @param stateHash hex hash of the encoded state
 * @param chainHash hex hash chaining this checkpoint to its parent
 * @param rawSize bytes of the encoded state
 * @param storedSize bytes of the payload as stored (after compression)
 * @param compression how the payload is compressed
 */
public record Checkpoint(
    CheckpointId id,
    String sessionId,
    long sequence,
    Optional<CheckpointId> parentId,
    CheckpointType type,
    String description,
    Instant createdAt,
    Map<String, String> labels,
    String stateHash,
    String chainHash,
    long rawSize,
    long storedSize,
    Compression compression) {

  /** The label a RECOVERY_POINT carries: the id of the checkpoint whose state it restored. */
  public static final String RESTORED_FROM = "restoredFrom";

  /** The label a forked session's SESSION_START carries: the id of the session it was forked from. */
  public static final String FORKED_FROM = "forkedFrom";

  /** The label a forked session's SESSION_START carries: the id of the checkpoint whose state it holds. */
  public static final String FORKED_FROM_CHECKPOINT = "forkedFromCheckpoint";

  /**
   * The label every checkpoint written with delta checkpoints on carries: {@value #FULL} or
   * {@value #DELTA}. Its presence also says the state hash is the tree form: SHA-256 of each top-level
   * attribute's encoding, then the configured hash over the session id, revision, schema version,
   * metadata and the attribute names (sorted) with their leaves. Label keys starting with
   * {@code rollback.} are reserved for the engine.
   */
  public static final String ENCODING = "rollback.encoding";

  /** The label a delta checkpoint carries: the id of the checkpoint whose state its patch applies to. */
  public static final String BASE = "rollback.base";

  /**
   * The label of a checkpoint whose payload is encrypted at rest, and its scheme ({@code aes-256-gcm});
   * covered by the chain hash like every label. Set by the engine when encryption is on.
   */
  public static final String ENCRYPTION = "rollback.encryption";

  /**
   * The label every checkpoint written with delta checkpoints on carries: the CRC-32C of its payload
   * as compressed, before any encryption, in 8 lowercase hex digits; covered by the chain hash like
   * every label. The state hash proves the state a restore rebuilds; this proves the rest of the
   * bytes too (what a delta replaced, which only a backward replay reads, and a full snapshot's link),
   * so damage anywhere in a payload is reported when the checkpoint is read.
   */
  public static final String CHECKSUM = "rollback.crc32c";

  /** The {@link #ENCODING} of a checkpoint whose payload holds the whole state. */
  public static final String FULL = "full";

  /** The {@link #ENCODING} of a checkpoint whose payload holds a patch against its {@link #BASE}. */
  public static final String DELTA = "delta";

  /**
   * Validate and copy.
   *
   * @throws IllegalArgumentException if a number is out of range or a field is empty
   */
  public Checkpoint {
    Objects.requireNonNull(id, "id");
    SessionIds.require(sessionId);
    Objects.requireNonNull(parentId, "parentId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(stateHash, "stateHash");
    Objects.requireNonNull(chainHash, "chainHash");
    Objects.requireNonNull(compression, "compression");
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence " + sequence + " of checkpoint " + id + " must be >= 1");
    }
    if (rawSize < 0 || storedSize < 0) {
      throw new IllegalArgumentException("sizes of checkpoint " + id + " must be >= 0, were raw=" + rawSize
          + " stored=" + storedSize);
    }
    labels = copyLabels(labels);
  }

  private static Map<String, String> copyLabels(Map<String, String> labels) {
    Objects.requireNonNull(labels, "labels");
    if (labels.isEmpty()) {
      return Map.of(); // shared: most checkpoints have no labels, and an empty TreeMap costs 80 bytes each
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    labels.forEach((k, v) -> sorted.put(Objects.requireNonNull(k, "label key"), Objects.requireNonNull(v, "label " + k)));
    return java.util.Collections.unmodifiableMap(sorted);
  }

  /**
   * Read a label.
   *
   * @param key the label name
   * @return its value, if present
   */
  public Optional<String> label(String key) {
    return Optional.ofNullable(labels.get(key));
  }

  /**
   * Return the checkpoint this one's payload is a delta against.
   *
   * @return the base's id; empty for a full snapshot
   */
  public Optional<CheckpointId> deltaBase() {
    return DELTA.equals(labels.get(ENCODING)) ? label(BASE).map(CheckpointId::of) : Optional.empty();
  }
}
