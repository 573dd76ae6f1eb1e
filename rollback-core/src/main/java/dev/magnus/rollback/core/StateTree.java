package dev.magnus.rollback.core;

import dev.magnus.rollback.SessionState;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Compute the tree form of a state hash, the one checkpoints written with delta checkpoints on
 * carry: one SHA-256 leaf per top-level attribute (over the attribute value's JSON encoding), then
 * the configured hash (SHA-256 or HMAC-SHA-256) over the session id, revision, schema version,
 * metadata and the attribute names, sorted, each with its leaf.
 *
 * <p>It covers every byte of the full state, like the flat hash over the whole encoding, but a state
 * that shares attribute values with one already hashed costs only what changed: {@link Leaves}
 * remembers each value's leaf by identity, which is sound because state values are deeply immutable
 * ({@code SessionState} freezes them). Attribute order does not change the hash (JSON objects are
 * unordered; a patch may reorder keys). Thread-safe: a {@link Leaves} belongs to one caller.
 */
final class StateTree {
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(StateTree::sha256);
  private final Hasher hasher;
  private final StateCodec codec;

  StateTree(Hasher hasher, StateCodec codec) {
    this.hasher = hasher;
    this.codec = codec;
  }

  /** One attribute value's leaf: the SHA-256 of its encoding and the encoding's length. */
  record Leaf(byte[] digest, int length) {}

  /**
   * The leaves of one state's attribute values, by identity; {@link #hash} adds missing ones. A new
   * set for the next state keeps only the values that state holds ({@link #retain}).
   */
  static final class Leaves {
    private final IdentityHashMap<Object, Leaf> byValue;

    Leaves() {
      this(new IdentityHashMap<>());
    }

    private Leaves(IdentityHashMap<Object, Leaf> byValue) {
      this.byValue = byValue;
    }

    /** Return the leaves of this state's values only, so a chain of states does not keep old values alive. */
    Leaves retain(SessionState state) {
      IdentityHashMap<Object, Leaf> kept = new IdentityHashMap<>(state.attributes().size() * 2);
      for (Object value : state.attributes().values()) {
        Leaf leaf = byValue.get(value);
        if (leaf != null) {
          kept.put(value, leaf);
        }
      }
      return new Leaves(kept);
    }
  }

  /** A state's tree hash and the exact length of its full encoding. */
  record Hashed(String hash, long fullLength) {}

  /**
   * Hash a state, computing only the leaves {@code leaves} lacks (and adding them).
   *
   * @param state the state
   * @param schemaVersion the schema version it is written at
   * @param leaves known leaves; updated
   * @return the hash and the full encoding's length
   */
  Hashed hash(SessionState state, int schemaVersion, Leaves leaves) {
    Map<String, Object> attributes = state.attributes();
    String[] keys = attributes.keySet().toArray(new String[0]);
    Arrays.sort(keys);
    StringBuilder b = new StringBuilder(64 + keys.length * 80);
    b.append("rollback-state-tree/1;");
    field(b, state.sessionId());
    field(b, Long.toString(state.revision()));
    field(b, Integer.toString(schemaVersion));
    byte[] header = codec.encode(new SessionState(state.sessionId(), state.metadata(), state.revision(), Map.of()),
        schemaVersion);
    field(b, HEX.formatHex(sha().digest(header)));
    b.append(keys.length).append(';');
    long length = header.length + Math.max(0, keys.length - 1); // the header ends in "attributes":{}}
    for (String key : keys) {
      Object value = attributes.get(key);
      Leaf leaf = leaves.byValue.get(value);
      if (leaf == null) {
        byte[] encoded = codec.encodeValue(value);
        leaf = new Leaf(sha().digest(encoded), encoded.length);
        leaves.byValue.put(value, leaf);
      }
      field(b, key);
      b.append(HEX.formatHex(leaf.digest())).append(';');
      length += codec.encodedLength(key) + 1 + leaf.length();
    }
    return new Hashed(hasher.hex(b.toString()), length);
  }

  private static void field(StringBuilder b, String value) {
    b.append(value.length()).append(':').append(value).append(';');
  }

  private static MessageDigest sha() {
    MessageDigest digest = SHA.get();
    digest.reset();
    return digest;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM lacks SHA-256, which every Java SE platform must provide", e);
    }
  }
}
