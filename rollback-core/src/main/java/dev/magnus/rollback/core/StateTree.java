package dev.magnus.rollback.core;

import dev.magnus.rollback.SessionState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
  private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(StateTree::sha256);
  // per thread, reused: the root being hashed, and the encoded values whose leaves are missing
  private static final ThreadLocal<ByteBuffer> ROOTS = ThreadLocal.withInitial(() -> ByteBuffer.allocate(4096));
  private static final ThreadLocal<StateCodec.Output> OUTPUT = ThreadLocal.withInitial(StateCodec.Output::new);
  private static final int KEPT_OUTPUT = 64 * 1024;
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
    // the last state hashed with these leaves and its hash: a rollback hashes its restored state twice
    private @Nullable SessionState hashedState;
    private int hashedSchema;
    private @Nullable Hashed hashed;

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
      Leaves retained = new Leaves(kept);
      if (hashedState == state) {
        retained.remember(state, hashedSchema, hashed);
      }
      return retained;
    }

    private void remember(SessionState state, int schema, @Nullable Hashed result) {
      hashedState = state;
      hashedSchema = schema;
      hashed = result;
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
    if (leaves.hashedState == state && leaves.hashedSchema == schemaVersion && leaves.hashed != null) {
      return leaves.hashed; // states are immutable: the same object hashes the same
    }
    Hashed result = compute(state, schemaVersion, leaves);
    leaves.remember(state, schemaVersion, result);
    return result;
  }

  private Hashed compute(SessionState state, int schemaVersion, Leaves leaves) {
    Map<String, Object> attributes = state.attributes();
    String[] keys = attributes.keySet().toArray(new String[0]);
    Arrays.sort(keys);
    addMissing(attributes, keys, leaves);
    byte[] header = codec.header(state, schemaVersion);
    ByteBuffer root = rootBuffer(rootSize(state.sessionId(), keys));
    put(root, "rollback-state-tree/1");
    put(root, state.sessionId());
    root.putLong(state.revision()).putInt(schemaVersion).put(sha().digest(header)).putInt(keys.length);
    long length = header.length + Math.max(0, keys.length - 1); // the header ends in "attributes":{}}
    for (String key : keys) {
      Leaf leaf = Objects.requireNonNull(leaves.byValue.get(attributes.get(key)), "added above");
      put(root, key);
      root.put(leaf.digest());
      length += codec.encodedLength(key) + 1 + leaf.length();
    }
    return new Hashed(hasher.hex(root.array(), root.position()), length);
  }

  /** Compute the leaves {@code leaves} lacks, encoding their values one after another in one pass. */
  private void addMissing(Map<String, Object> attributes, String[] keys, Leaves leaves) {
    List<Object> missing = new ArrayList<>();
    IdentityHashMap<Object, Boolean> pending = new IdentityHashMap<>();
    for (String key : keys) {
      Object value = attributes.get(key);
      if (!leaves.byValue.containsKey(value) && pending.put(value, Boolean.TRUE) == null) { // once per value
        missing.add(value);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    StateCodec.Output out = OUTPUT.get();
    out.reset();
    int[] ends = codec.encodeValues(missing, out);
    MessageDigest digest = sha();
    int start = 0;
    for (int i = 0; i < ends.length; i++) {
      digest.update(out.bytes(), start, ends[i] - start);
      leaves.byValue.put(missing.get(i), new Leaf(digest.digest(), ends[i] - start));
      start = ends[i];
    }
    if (out.bytes().length > KEPT_OUTPUT) {
      OUTPUT.remove(); // a large state's values: do not keep their bytes per thread
    }
  }

  private static ByteBuffer rootBuffer(int size) {
    ByteBuffer root = ROOTS.get();
    if (root.capacity() < size) {
      root = ByteBuffer.allocate(Math.max(size, root.capacity() * 2));
      ROOTS.set(root);
    }
    root.clear();
    return root;
  }

  /**
   * The root's size: each text as its UTF-8 length and bytes, numbers fixed-width, 32 bytes per leaf
   * (an upper bound: an unpaired surrogate encodes to one byte, not three).
   */
  private static int rootSize(String sessionId, String[] keys) {
    int size = 4 + 21 + 4 + utf8Length(sessionId) + 8 + 4 + 32 + 4;
    for (String key : keys) {
      size += 4 + utf8Length(key) + 32;
    }
    return size;
  }

  private static void put(ByteBuffer b, String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) { // as String.getBytes writes it, unpaired surrogates included
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        b.putInt(bytes.length).put(bytes);
        return;
      }
    }
    b.putInt(text.length()); // ASCII: one byte a character, without a copy
    for (int i = 0; i < text.length(); i++) {
      b.put((byte) text.charAt(i));
    }
  }

  private static int utf8Length(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch < 0x80) {
        n++;
      } else if (ch < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(ch) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
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
