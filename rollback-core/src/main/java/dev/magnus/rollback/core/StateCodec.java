package dev.magnus.rollback.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.magnus.rollback.InvalidStateException;
import dev.magnus.rollback.JsonValues;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionState;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Encode session state as JSON and back, exactly.
 *
 * <p>Uses Jackson's streaming layer rather than data binding: the state is already a tree of plain
 * JSON values, so binding would add reflection and, worse, polymorphic typing that must never apply
 * to state. Numbers are written as Jackson writes them and read back through
 * {@link JsonValues#numberFromText}, the same normalization {@link SessionState} applies on input,
 * so {@code decode(encode(s)).equals(s)}. Nesting depth and document size are bounded on read.
 * Thread-safe: the factory is shared, generators and parsers are per call.
 */
final class StateCodec {
  static final int FORMAT_VERSION = 1;
  private final JsonFactory factory;
  private volatile @Nullable ParsedInstant lastCreatedAt;

  /** The metadata.createdAt text decoded last and its value. */
  private record ParsedInstant(String text, Instant instant) {}

  /** Return the factory, configured with this codec's read limits (the delta codec shares it). */
  JsonFactory factory() {
    return factory;
  }

  StateCodec(long maxBytes) {
    StreamReadConstraints limits = StreamReadConstraints.builder()
        .maxNestingDepth(JsonValues.MAX_DEPTH + 4)
        .maxDocumentLength(maxBytes)
        .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBytes))
        .build();
    this.factory = JsonFactory.builder().streamReadConstraints(limits).build();
  }

  /** A decoded state and the application's schema version it was written at. */
  record Decoded(SessionState state, int schemaVersion) {}

  byte[] encode(SessionState state) {
    return encode(state, 1);
  }

  /**
   * Encode a state written at an application schema version; version 1 is not written (the field is
   * absent), so states of engines that never set a version keep their bytes and hashes.
   */
  byte[] encode(SessionState state, int schemaVersion) {
    return encode(state, schemaVersion, null);
  }

  /** Writes extra fields at the end of a state document (a full snapshot's link to its base). */
  interface Extra {
    void write(JsonGenerator g) throws IOException;
  }

  /** Encode a state document with extra fields after the attributes (readers ignore fields they do not know). */
  byte[] encode(SessionState state, int schemaVersion, @Nullable Extra extra) {
    return encode(state, schemaVersion, extra, 4096);
  }

  /** Encode as above into a buffer of {@code sizeHint} bytes first (the expected length: no growing). */
  byte[] encode(SessionState state, int schemaVersion, @Nullable Extra extra, int sizeHint) {
    return document(state, schemaVersion, sizeHint, g -> {
      writeValue(g, state.attributes());
      if (extra != null) {
        extra.write(g);
      }
    });
  }

  /** Write the document of {@code state} up to its attributes, then {@code rest}, then close it. */
  private byte[] document(SessionState state, int schemaVersion, int sizeHint, Extra rest) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(sizeHint);
        JsonGenerator g = factory.createGenerator(out)) {
      writeUpToAttributes(g, state, schemaVersion);
      rest.write(g);
      g.writeEndObject();
      g.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new InvalidStateException("state of session '" + state.sessionId() + "' could not be encoded: " + e.getMessage(),
          state.sessionId(), e);
    }
  }

  /**
   * Encode one attribute value canonically: as {@link #encode} writes it inside the state document
   * but with the keys of every object sorted, so that equal values (JSON objects are unordered) always
   * give the same bytes, and as many of them.
   */
  byte[] encodeValue(@Nullable Object value) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(256);
        JsonGenerator g = factory.createGenerator(out)) {
      writeSorted(g, value);
      g.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("an attribute value could not be encoded: " + e.getMessage(), e);
    }
  }

  private static void writeSorted(JsonGenerator g, @Nullable Object value) throws IOException {
    if (value instanceof Map<?, ?> map) {
      Object[] keys = map.keySet().toArray();
      java.util.Arrays.sort(keys);
      g.writeStartObject();
      for (Object key : keys) {
        g.writeFieldName((String) key);
        writeSorted(g, map.get(key));
      }
      g.writeEndObject();
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        writeSorted(g, item);
      }
      g.writeEndArray();
    } else {
      writeValue(g, value);
    }
  }

  /**
   * Encode values canonically ({@link #encodeValue}) one after another, nothing between them, into
   * {@code out}; return where each one ends.
   */
  int[] encodeValues(List<?> values, Output out) {
    int[] ends = new int[values.size()];
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.setRootValueSeparator(null);
      for (int i = 0; i < ends.length; i++) {
        writeSorted(g, values.get(i));
        ends[i] = out.size() + g.getOutputBuffered(); // written so far, without a flush per value
      }
    } catch (IOException e) {
      throw new IllegalStateException("an attribute value could not be encoded: " + e.getMessage(), e);
    }
    return ends;
  }

  /** A byte stream whose buffer can be read without a copy. */
  static final class Output extends java.io.ByteArrayOutputStream {
    Output() {
      super(1024);
    }

    byte[] bytes() {
      return buf;
    }
  }

  /** Open a state document and write its fields up to the name of {@code attributes}. */
  private static void writeUpToAttributes(JsonGenerator g, SessionState state, int schemaVersion) throws IOException {
    g.writeStartObject();
    g.writeNumberField("v", FORMAT_VERSION);
    if (schemaVersion != 1) {
      g.writeNumberField("schema", schemaVersion);
    }
    g.writeStringField("sessionId", state.sessionId());
    g.writeNumberField("revision", state.revision());
    writeMetadata(g, state.metadata());
    g.writeFieldName("attributes");
  }

  /** Encode the document of {@code state} without its attributes (it ends in {@code "attributes":{}}}). */
  byte[] header(SessionState state, int schemaVersion) {
    return document(state, schemaVersion, 256, g -> {
      g.writeStartObject();
      g.writeEndObject();
    });
  }

  /** Return how many bytes a string takes as a JSON string in {@link #encode}'s output, quotes included. */
  int encodedLength(String text) {
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\') {
        return encodeValue(text).length;
      }
    }
    return text.length() + 2;
  }

  /** Write the metadata object as the state document holds it. */
  static void writeMetadata(JsonGenerator g, SessionMetadata m) throws IOException {
    g.writeObjectFieldStart("metadata");
    g.writeStringField("userId", m.userId());
    g.writeStringField("environment", m.environment());
    g.writeStringField("version", m.version());
    g.writeArrayFieldStart("tags");
    for (String tag : m.tags()) {
      g.writeString(tag);
    }
    g.writeEndArray();
    g.writeStringField("createdAt", InstantText.of(m.createdAt()));
    g.writeEndObject();
  }

  static void writeValue(JsonGenerator g, @Nullable Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Long l) {
      g.writeNumber(l);
    } else if (value instanceof Double d) {
      g.writeNumber(d);
    } else if (value instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName((String) e.getKey());
        writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        writeValue(g, item);
      }
      g.writeEndArray();
    } else {
      throw new IllegalStateException("unnormalized state value of type " + value.getClass().getName());
    }
  }

  /**
   * Decode a state.
   *
   * @throws IllegalArgumentException if the bytes are not a state document of this format
   */
  SessionState decode(byte[] json) {
    return decodeWithSchema(json).state();
  }

  /**
   * Decode a state and its schema version (1 when the document has none).
   *
   * @throws IllegalArgumentException if the bytes are not a state document of this format
   */
  Decoded decodeWithSchema(byte[] json) {
    try (JsonParser p = factory.createParser(json)) {
      JsonTrees.expect(p.nextToken(), JsonToken.START_OBJECT, "document");
      Map<String, Object> doc = JsonTrees.readFrozenObject(p); // built frozen: the state takes its attributes as they are
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("trailing data after the state document");
      }
      return new Decoded(toState(doc), schemaOf(doc.get("schema")));
    } catch (IOException e) {
      throw new IllegalArgumentException("state document is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static int schemaOf(@Nullable Object schema) {
    if (schema == null) {
      return 1;
    }
    if (schema instanceof Long v && v >= 1 && v <= Integer.MAX_VALUE) {
      return v.intValue();
    }
    throw new IllegalArgumentException("state document field schema is " + schema + ", expected an integer >= 1");
  }

  private SessionState toState(Map<String, Object> doc) {
    Object version = doc.get("v");
    if (!Long.valueOf(FORMAT_VERSION).equals(version)) {
      throw new IllegalArgumentException("state document has format version " + version + ", expected " + FORMAT_VERSION);
    }
    SessionMetadata metadata = metadataFrom(doc.get("metadata"));
    Object revision = doc.get("revision");
    if (!(revision instanceof Long rev)) {
      throw new IllegalArgumentException("state document field revision is " + revision + ", expected an integer");
    }
    return new SessionState(string(doc.get("sessionId"), "sessionId"), metadata, rev, map(doc.get("attributes"), "attributes"));
  }

  /** Read the metadata object of a state (or delta) document. */
  SessionMetadata metadataFrom(@Nullable Object value) {
    Map<String, Object> meta = map(value, "metadata");
    List<String> tags = new ArrayList<>();
    for (Object tag : list(meta.get("tags"), "metadata.tags")) {
      tags.add(string(tag, "metadata.tags[]"));
    }
    return new SessionMetadata(string(meta.get("userId"), "metadata.userId"),
        string(meta.get("environment"), "metadata.environment"), string(meta.get("version"), "metadata.version"),
        tags, instant(meta.get("createdAt")));
  }

  /** Return the metadata as the JSON object {@link #encode} writes, for a delta document. */
  Map<String, Object> metadataTree(SessionMetadata m) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("userId", m.userId());
    tree.put("environment", m.environment());
    tree.put("version", m.version());
    tree.put("tags", new ArrayList<Object>(m.tags()));
    tree.put("createdAt", InstantText.of(m.createdAt()));
    return tree;
  }

  private Instant instant(@Nullable Object value) {
    String text = string(value, "metadata.createdAt");
    ParsedInstant last = lastCreatedAt;
    if (last != null && last.text().equals(text)) {
      return last.instant(); // a session's states share their createdAt: parse it once
    }
    try {
      Instant parsed = Instant.parse(text);
      lastCreatedAt = new ParsedInstant(text, parsed);
      return parsed;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("state document field metadata.createdAt is not an ISO-8601 instant: " + value, e);
    }
  }

  private static String string(@Nullable Object value, String field) {
    if (value instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("state document field " + field + " is " + value + ", expected a string");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(@Nullable Object value, String field) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException("state document field " + field + " is " + value + ", expected an object");
  }

  private static List<?> list(@Nullable Object value, String field) {
    if (value instanceof List<?> l) {
      return l;
    }
    throw new IllegalArgumentException("state document field " + field + " is " + value + ", expected an array");
  }
}
