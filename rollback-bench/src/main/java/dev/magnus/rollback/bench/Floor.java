package dev.magnus.rollback.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU floor of a full snapshot: what a user would write by hand to snapshot a state, JSON
 * encoding with Jackson's streaming generator plus a SHA-256 of the bytes, and the matching read
 * (SHA-256 of the stored bytes, then a streaming parse into maps).
 *
 * <p>It writes the same document as the engine's codec (format version, session id, revision,
 * metadata, attributes), so both encode the same number of bytes, but with none of the engine's
 * work around it (ids, chain hash, descriptor, store, audit, locks). Not thread-safe: one instance
 * per thread (it keeps its digest).
 */
public final class Floor {
  private static final JsonFactory FACTORY = new JsonFactory();
  private final MessageDigest sha256;

  /** Create a floor with its own digest. */
  public Floor() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Encode a state to JSON.
   *
   * @param state the state
   * @return the document's bytes
   */
  public byte[] encode(SessionState state) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(4096); JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("v", 1);
      g.writeStringField("sessionId", state.sessionId());
      g.writeNumberField("revision", state.revision());
      writeMetadata(g, state.metadata());
      g.writeFieldName("attributes");
      write(g, state.attributes());
      g.writeEndObject();
      g.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Hash bytes with SHA-256.
   *
   * @param bytes the bytes
   * @return the 32-byte digest
   */
  public byte[] hash(byte[] bytes) {
    return sha256.digest(bytes);
  }

  /**
   * Do the floor work of one checkpoint: encode, then hash.
   *
   * @param state the state
   * @return the digest (so the work cannot be optimized away)
   */
  public byte[] snapshot(SessionState state) {
    return hash(encode(state));
  }

  /**
   * Do the floor work of one rollback as the engine's contract defines it: verify and decode the
   * target (hash + parse), snapshot the current state (PRE_ROLLBACK) and snapshot the restored state
   * (RECOVERY_POINT).
   *
   * @param stored the target's stored document
   * @param current the current state
   * @return something derived from all the work
   */
  public int rollback(byte[] stored, SessionState current) {
    byte[] verify = hash(stored);
    Map<String, Object> restored = parse(stored);
    byte[] pre = snapshot(current);
    byte[] point = snapshot(current.withRevision(current.revision() + 1));
    return verify[0] + pre[0] + point[0] + restored.size();
  }

  /**
   * Parse a JSON object into insertion-ordered maps, lists, strings, numbers and booleans.
   *
   * @param json the document
   * @return the top-level object
   */
  public static Map<String, Object> parse(byte[] json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      p.nextToken();
      return readObject(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> readObject(JsonParser p) throws IOException {
    Map<String, Object> map = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      map.put(name, read(p, p.nextToken()));
    }
    return map;
  }

  private static Object read(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT: return readObject(p);
      case START_ARRAY:
        List<Object> list = new ArrayList<>();
        JsonToken next;
        while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
          list.add(read(p, next));
        }
        return list;
      case VALUE_STRING: return p.getText();
      case VALUE_NUMBER_INT: return p.getLongValue();
      case VALUE_NUMBER_FLOAT: return p.getDoubleValue();
      case VALUE_TRUE: return Boolean.TRUE;
      case VALUE_FALSE: return Boolean.FALSE;
      default: return null;
    }
  }

  private static void writeMetadata(JsonGenerator g, SessionMetadata m) throws IOException {
    g.writeObjectFieldStart("metadata");
    g.writeStringField("userId", m.userId());
    g.writeStringField("environment", m.environment());
    g.writeStringField("version", m.version());
    g.writeArrayFieldStart("tags");
    for (String tag : m.tags()) {
      g.writeString(tag);
    }
    g.writeEndArray();
    g.writeStringField("createdAt", m.createdAt().toString());
    g.writeEndObject();
  }

  private static void write(JsonGenerator g, Object value) throws IOException {
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
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        write(g, item);
      }
      g.writeEndArray();
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }
}
