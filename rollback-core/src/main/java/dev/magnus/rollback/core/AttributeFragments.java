package dev.magnus.rollback.core;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.magnus.rollback.InvalidStateException;
import dev.magnus.rollback.SessionState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

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
 * header (everything but the attributes, as the codec writes it) followed by the fragments. A setting
 * of one attribute then costs the encoding of that attribute and a copy of the others' bytes.
 *
 * <p>Memory: one encoded copy of the last state per session (about the size of its full snapshot).
 * Not thread-safe: one instance per session, used under the session's lock.
 */
final class AttributeFragments {
  private String[] keys = new String[0];
  private Object[] values = new Object[0];
  private byte[][] fragments = new byte[0][];

  /** Return {@code codec.encode(state, schemaVersion)}, reusing what this instance encoded before. */
  byte[] encode(StateCodec codec, SessionState state, int schemaVersion) {
    byte[] header = codec.encodeHeader(state, schemaVersion); // ends in "attributes":{}}
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
    writeMissing(codec, state, nextKeys, nextValues, next);
    keys = nextKeys;
    values = nextValues;
    fragments = next;
    return assemble(header, next);
  }

  /** Encode the attributes {@code fragments} lacks, in one generator pass, and fill them in. */
  private static void writeMissing(StateCodec codec, SessionState state, String[] keys, Object[] values,
      byte[][] fragments) {
    Output out = new Output();
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

  private static byte[] assemble(byte[] header, byte[][] fragments) {
    int prefix = header.length - 2; // keep "{" of the empty attributes object, drop "}}"
    int length = prefix + Math.max(0, fragments.length - 1) + 2;
    for (byte[] f : fragments) {
      length += f.length;
    }
    byte[] doc = Arrays.copyOf(header, length);
    int at = prefix;
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

  /** A byte stream whose buffer and size can be read without a copy. */
  private static final class Output extends ByteArrayOutputStream {
    Output() {
      super(256);
    }

    byte[] bytes() {
      return buf;
    }
  }
}
