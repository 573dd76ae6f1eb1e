package dev.magnus.rollback.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.magnus.rollback.InvalidStateException;
import dev.magnus.rollback.SessionState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Write and read the JSON documents that carry a {@link StatePatch}: a delta checkpoint's payload
 * ({@code {"v":1,"delta":1,"sessionId":…,"revision":…,"baseRevision":…,"patch":[…]}}, plus
 * {@code schema} when not 1 and {@code metadata}/{@code baseMetadata} when the metadata changed) and a
 * linked full snapshot's {@code link} object (the same fields but the identity ones, inside the state
 * document). Reads are bounded by the state codec's limits. Thread-safe: the factory is shared.
 */
final class DeltaDocument {
  // the fields of a delta document besides its patch, in the order decode keeps them
  private static final List<String> FIELDS = List.of("v", "delta", "schema", "sessionId", "revision", "metadata",
      "baseRevision", "baseMetadata");
  private final StateCodec codec;

  DeltaDocument(StateCodec codec) {
    this.codec = codec;
  }

  /** Encode the delta document of {@code next} against {@code base}. */
  byte[] encode(SessionState next, int schemaVersion, SessionState base, List<StatePatch.Op> ops) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(256);
        JsonGenerator g = codec.factory().createGenerator(out)) {
      writeHead(g, next, schemaVersion);
      writeLink(g, next, base, ops);
      g.writeEndObject();
      g.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new InvalidStateException("delta of session '" + next.sessionId() + "' could not be encoded: "
          + e.getMessage(), next.sessionId(), e);
    }
  }

  /**
   * Tell whether the delta document of {@code next} against {@code base} is at most {@code limit}
   * bytes, counting as it is written (nothing kept) and stopping at the first operation past it.
   */
  boolean fits(SessionState next, int schemaVersion, SessionState base, List<StatePatch.Op> ops, double limit) {
    Counter out = new Counter();
    try (JsonGenerator g = codec.factory().createGenerator(out)) {
      writeHead(g, next, schemaVersion);
      writeBase(g, next, base);
      for (StatePatch.Op op : ops) {
        writeOp(g, op);
        if (out.count + g.getOutputBuffered() > limit) {
          return false;
        }
      }
      g.writeEndArray();
      g.writeEndObject();
      g.flush();
      return out.count <= limit;
    } catch (IOException e) {
      throw new InvalidStateException("delta of session '" + next.sessionId() + "' could not be encoded: "
          + e.getMessage(), next.sessionId(), e);
    }
  }

  /** An output stream that counts what is written to it and keeps nothing. */
  private static final class Counter extends java.io.OutputStream {
    private long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  /**
   * Write the fields that link a state to its base: the base's revision, both metadata when they
   * differ, and the patch. A delta document holds them at its top level, a full snapshot with a link
   * under {@code link}.
   */
  void writeLink(JsonGenerator g, SessionState next, SessionState base, List<StatePatch.Op> ops) throws IOException {
    writeBase(g, next, base);
    for (StatePatch.Op op : ops) {
      writeOp(g, op);
    }
    g.writeEndArray();
  }

  private static void writeHead(JsonGenerator g, SessionState next, int schemaVersion) throws IOException {
    g.writeStartObject();
    g.writeNumberField("v", StateCodec.FORMAT_VERSION);
    g.writeNumberField("delta", 1);
    if (schemaVersion != 1) {
      g.writeNumberField("schema", schemaVersion);
    }
    g.writeStringField("sessionId", next.sessionId());
    g.writeNumberField("revision", next.revision());
  }

  /** Write the base's revision, both metadata when they differ, and open the patch array. */
  private void writeBase(JsonGenerator g, SessionState next, SessionState base) throws IOException {
    g.writeNumberField("baseRevision", base.revision());
    if (!next.metadata().equals(base.metadata())) {
      g.writeFieldName("metadata");
      StateCodec.writeValue(g, codec.metadataTree(next.metadata()));
      g.writeFieldName("baseMetadata");
      StateCodec.writeValue(g, codec.metadataTree(base.metadata()));
    }
    g.writeArrayFieldStart("patch");
  }

  private static void writeOp(JsonGenerator g, StatePatch.Op op) throws IOException {
    g.writeStartObject();
    g.writeStringField("op", op.op());
    g.writeStringField("path", op.path());
    if (!op.op().equals("remove")) {
      g.writeFieldName("value");
      StateCodec.writeValue(g, op.value());
    }
    g.writeEndObject();
  }

  /**
   * Decode a delta document. The patch is read as it streams, without a tree of the whole document;
   * with {@code tests} false its {@code test} operations are skipped unread (a caller that checks the
   * resulting state's hash needs none of them, and reads again with them to name a damaged record).
   *
   * @throws IllegalArgumentException if the bytes are not a delta document of this format
   */
  StatePatch.Delta decode(byte[] json, boolean tests) {
    Object[] fields = new Object[FIELDS.size()]; // read into place: no map per document
    List<StatePatch.Op> ops = null;
    boolean hasSchema = false; // an explicit null schema is refused, as a missing one means 1
    try (JsonParser p = codec.factory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("delta document does not start with an object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        int at = FIELDS.indexOf(name);
        if (name.equals("patch")) {
          ops = streamedOps(p, value, tests);
        } else if (at >= 0) {
          fields[at] = JsonTrees.readValue(p, value);
          hasSchema |= at == 2;
        } else {
          p.skipChildren(); // a field this version does not know
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IllegalArgumentException("trailing data after the delta document");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("delta document is not valid JSON: " + e.getMessage(), e);
    }
    if (!Long.valueOf(StateCodec.FORMAT_VERSION).equals(fields[0]) || !Long.valueOf(1).equals(fields[1])) {
      throw new IllegalArgumentException("delta document has format " + fields[0] + "/" + fields[1]
          + ", expected " + StateCodec.FORMAT_VERSION + "/1");
    }
    if (ops == null) {
      throw new IllegalArgumentException("delta document field patch is null, expected an array");
    }
    return delta(fields[3], fields[4], hasSchema ? fields[2] : Long.valueOf(1), fields[5], fields[6], fields[7], ops);
  }

  /**
   * Decode the link of a full snapshot document: the delta from its base to it.
   *
   * @throws IllegalArgumentException if the document has no link or it is malformed
   */
  StatePatch.Delta decodeLink(byte[] json) {
    Map<String, Object> doc = parse(json);
    if (!(doc.get("link") instanceof Map<?, ?> link)) {
      throw new IllegalArgumentException("the full snapshot holds no link to its base");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) link;
    return delta(doc, fields, ops(fields.get("patch")));
  }

  private StatePatch.Delta delta(Map<String, Object> doc, Map<String, Object> link, List<StatePatch.Op> ops) {
    return delta(doc.get("sessionId"), doc.get("revision"), doc.containsKey("schema") ? doc.get("schema") : 1L,
        link.get("metadata"), link.get("baseRevision"), link.get("baseMetadata"), ops);
  }

  private StatePatch.Delta delta(@Nullable Object sessionId, @Nullable Object revision, @Nullable Object schema,
      @Nullable Object metadata, @Nullable Object baseRevision, @Nullable Object baseMetadata,
      List<StatePatch.Op> ops) {
    if ((metadata == null) != (baseMetadata == null)) {
      throw new IllegalArgumentException("delta document has one of metadata and baseMetadata without the other");
    }
    return new StatePatch.Delta(string(sessionId, "sessionId"), integer(revision, "revision"),
        (int) Math.min(Integer.MAX_VALUE, integer(schema, "schema")),
        metadata == null ? null : codec.metadataFrom(metadata), integer(baseRevision, "baseRevision"),
        baseMetadata == null ? null : codec.metadataFrom(baseMetadata), ops);
  }

  private Map<String, Object> parse(byte[] json) {
    Map<String, Object> doc;
    try (JsonParser p = codec.factory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("delta document does not start with an object");
      }
      doc = JsonTrees.readObject(p);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("trailing data after the delta document");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("delta document is not valid JSON: " + e.getMessage(), e);
    }
    return doc;
  }

  private static List<StatePatch.Op> ops(@Nullable Object patch) {
    if (!(patch instanceof List<?> list)) {
      throw new IllegalArgumentException("delta document field patch is " + patch + ", expected an array");
    }
    List<StatePatch.Op> ops = new ArrayList<>(list.size());
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException("delta patch operation is " + item + ", expected an object");
      }
      ops.add(op(m.get("op"), m.get("path"), m.containsKey("value"), m.get("value")));
    }
    return ops;
  }

  /** Read the patch array as it streams; {@code tests} false skips the values of test operations. */
  private static List<StatePatch.Op> streamedOps(JsonParser p, JsonToken start, boolean tests) throws IOException {
    if (start != JsonToken.START_ARRAY) {
      throw new IllegalArgumentException("delta document field patch is " + p.getText() + ", expected an array");
    }
    List<StatePatch.Op> ops = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("delta patch operation is " + p.getText() + ", expected an object");
      }
      Object op = null;
      Object path = null;
      Object value = null;
      boolean hasValue = false;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals("value")) {
          hasValue = true;
          if (!tests && "test".equals(op)) {
            p.skipChildren();
          } else {
            value = JsonTrees.readValue(p, v);
          }
        } else if (name.equals("op") || name.equals("path")) {
          Object text = JsonTrees.readValue(p, v);
          op = name.equals("op") ? text : op;
          path = name.equals("path") ? text : path;
        } else {
          JsonTrees.readValue(p, v);
        }
      }
      StatePatch.Op read = op(op, path, hasValue, value);
      if (tests || !read.op().equals("test")) {
        ops.add(read);
      }
    }
    return ops;
  }

  private static StatePatch.Op op(@Nullable Object op, @Nullable Object path, boolean hasValue, @Nullable Object value) {
    String name = string(op, "patch[].op");
    if (!name.equals("add") && !name.equals("remove") && !name.equals("replace") && !name.equals("test")) {
      throw new IllegalArgumentException("delta patch operation '" + name + "' is not add, remove, replace or test");
    }
    if (!name.equals("remove") && !hasValue) {
      throw new IllegalArgumentException("delta patch operation " + name + " has no value");
    }
    return new StatePatch.Op(name, string(path, "patch[].path"), value);
  }

  private static String string(@Nullable Object value, String field) {
    if (value instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("delta document field " + field + " is " + value + ", expected a string");
  }

  private static long integer(@Nullable Object value, String field) {
    if (value instanceof Long l && l >= 0) {
      return l;
    }
    throw new IllegalArgumentException("delta document field " + field + " is " + value + ", expected an integer >= 0");
  }
}
