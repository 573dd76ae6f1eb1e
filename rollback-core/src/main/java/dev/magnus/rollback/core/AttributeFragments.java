package dev.magnus.rollback.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.magnus.rollback.InvalidStateException;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Encode a session's states as {@link StateCodec#encode} does, byte for byte, re-encoding only the
 * top-level attributes whose value changed since the state encoded before.
 *
 * <p>Design: it keeps, by position, each attribute of the last state it encoded: the key, the value
 * and the bytes {@code "key":value} that attribute took in the document. An attribute at the same
 * position with the same key and the same value object reuses its bytes; that is sound because state
 * values are deeply immutable ({@code SessionState} freezes them) and an attribute's bytes do not
 * depend on its neighbours. The others are written by one generator of the codec's factory in one
 * pass (Jackson writes a field the same wherever it stands in an object); the document is the state's
 * header (everything but the attributes, as the codec writes it) followed by the fragments. The header
 * is kept as the bytes before and after the revision's digits ({@link HeaderParts}) and
 * encoded again only when the session, the metadata (by equality) or the schema version change. A
 * setting of one attribute then costs the encoding of that attribute and a copy of the others' bytes.
 *
 * <p>Memory: one encoded copy of the last state per session (about the size of its full snapshot).
 * Not thread-safe: one instance per session, used under the session's lock.
 */
final class AttributeFragments {
  private String[] keys = new String[0];
  private Object[] values = new Object[0];
  private byte[][] fragments = new byte[0][];
  private @Nullable HeaderParts headerParts;
  private @Nullable String headerSession;
  private @Nullable SessionMetadata headerMetadata;
  private int headerSchema;
  private final PackedFragments packed = new PackedFragments();

  /** Return the session's cache of deflated large attributes, for full snapshots with delta checkpoints on. */
  PackedFragments packed() {
    return packed;
  }

  /** Return {@code codec.encode(state, schemaVersion)}, reusing what this instance encoded before. */
  byte[] encode(StateCodec codec, SessionState state, int schemaVersion) {
    byte[] revision = Long.toString(state.revision()).getBytes(StandardCharsets.US_ASCII);
    HeaderParts header = header(codec, state, schemaVersion);
    Map<String, Object> attributes = state.attributes();
    int n = attributes.size();
    String[] nextKeys = new String[n];
    Object[] nextValues = new Object[n];
    byte[][] next = new byte[n][];
    int i = 0;
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      nextKeys[i] = e.getKey();
      nextValues[i] = e.getValue();
      boolean same = i < keys.length && values[i] == e.getValue() && keys[i].equals(e.getKey());
      next[i] = same ? fragments[i] : null;
      i++;
    }
    writeMissing(codec, state, nextKeys, nextValues, next, fragments);
    keys = nextKeys;
    values = nextValues;
    fragments = next;
    return assemble(header, revision, next);
  }

  /** Return the header parts of {@code state}'s document, encoded again only when its session, metadata or schema changed. */
  private HeaderParts header(StateCodec codec, SessionState state, int schemaVersion) {
    HeaderParts parts = headerParts;
    if (parts == null || schemaVersion != headerSchema || !state.sessionId().equals(headerSession)
        || !state.metadata().equals(headerMetadata)) {
      parts = headerParts(codec, state, schemaVersion);
      headerParts = parts;
      headerSession = state.sessionId();
      headerMetadata = state.metadata();
      headerSchema = schemaVersion;
    }
    return parts;
  }

  /** Encode the attributes {@code fragments} lacks, in one generator pass, and fill them in. */
  static void writeMissing(StateCodec codec, SessionState state, String[] keys, Object[] values,
      byte[][] fragments) {
    writeMissing(codec, state, keys, values, fragments, new byte[0][]);
  }

  /** As above, sizing the buffer from {@code before}, the fragments of the last state encoded. */
  private static void writeMissing(StateCodec codec, SessionState state, String[] keys, Object[] values,
      byte[][] fragments, byte[][] before) {
    int guess = 64;
    for (int i = 0; i < fragments.length; i++) {
      guess += fragments[i] != null ? 0 : i < before.length ? before[i].length + 1 : 32;
    }
    Output out = new Output(guess); // the attributes' last sizes: no regrowth of the buffer on the way
    int[] ends = new int[fragments.length];
    try (JsonGenerator g = codec.factory().createGenerator(out)) {
      g.writeStartObject();
      for (int i = 0; i < fragments.length; i++) {
        if (fragments[i] == null) {
          g.writeFieldName(keys[i]);
          StateCodec.writeValue(g, values[i]);
          ends[i] = out.size() + g.getOutputBuffered(); // written so far, without a flush per field
        }
      }
      g.writeEndObject();
      g.flush();
    } catch (IOException e) {
      throw new InvalidStateException("state of session '" + state.sessionId() + "' could not be encoded: "
          + e.getMessage(), state.sessionId(), e);
    }
    byte[] written = out.bytes();
    int start = 1; // after '{'
    for (int i = 0; i < fragments.length; i++) {
      if (fragments[i] == null) {
        fragments[i] = Arrays.copyOfRange(written, start, ends[i]);
        start = ends[i] + 1; // the next field starts after the ',' Jackson writes between fields
      }
    }
  }

  /** Write the document: the header around its revision, less its empty attributes' "}}", then the fragments. */
  private static byte[] assemble(HeaderParts header, byte[] revision, byte[][] fragments) {
    byte[] before = header.before();
    byte[] after = header.after();
    int suffix = after.length - 2; // keep "{" of the empty attributes object, drop "}}"
    int length = before.length + 1 + revision.length + suffix + Math.max(0, fragments.length - 1) + 2;
    for (byte[] f : fragments) {
      length += f.length;
    }
    byte[] doc = Arrays.copyOf(before, length);
    int at = before.length;
    doc[at++] = ':';
    System.arraycopy(revision, 0, doc, at, revision.length);
    at += revision.length;
    System.arraycopy(after, 0, doc, at, suffix);
    at += suffix;
    for (int i = 0; i < fragments.length; i++) {
      if (i > 0) {
        doc[at++] = ',';
      }
      System.arraycopy(fragments[i], 0, doc, at, fragments[i].length);
      at += fragments[i].length;
    }
    doc[at++] = '}';
    doc[at] = '}';
    return doc;
  }

  /**
   * The header of a state document, {@link StateCodec#encode}'s output with no attributes, around its
   * revision: {@code before} ends with the revision's field name, {@code after} starts after its digits
   * (with the metadata, ending in {@code "attributes":{}}}). The document of revision {@code r} is
   * {@code before}, {@code ':'}, the digits of {@code r}, {@code after}.
   */
  private record HeaderParts(byte[] before, byte[] after) {}

  /** Return the header parts of a state's document: they depend on its session, metadata and schema version only. */
  private static HeaderParts headerParts(StateCodec codec, SessionState state, int schemaVersion) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(512); JsonGenerator g = codec.factory().createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("v", StateCodec.FORMAT_VERSION);
      if (schemaVersion != 1) {
        g.writeNumberField("schema", schemaVersion);
      }
      g.writeStringField("sessionId", state.sessionId());
      g.writeFieldName("revision");
      g.flush();
      int before = out.size();
      g.writeNumber(0L); // ":0"
      g.flush();
      int after = out.size();
      StateCodec.writeMetadata(g, state.metadata());
      g.writeFieldName("attributes");
      g.writeStartObject();
      g.writeEndObject();
      g.writeEndObject();
      g.flush();
      byte[] all = out.toByteArray();
      return new HeaderParts(Arrays.copyOf(all, before), Arrays.copyOfRange(all, after, all.length));
    } catch (IOException e) {
      throw new InvalidStateException("state of session '" + state.sessionId() + "' could not be encoded: "
          + e.getMessage(), state.sessionId(), e);
    }
  }

  /** A byte stream whose buffer and size can be read without a copy. */
  private static final class Output extends ByteArrayOutputStream {
    Output(int size) {
      super(size);
    }

    byte[] bytes() {
      return buf;
    }
  }
}
