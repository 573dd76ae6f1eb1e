package dev.magnus.rollback.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The export format, one JSON object a line: a header line, then one line per checkpoint (every
 * descriptor field and the stored payload in base64), then one line per audit entry (the fields the
 * audit file holds), then an end line with the counts, so a file cut short is refused. Every line ends
 * with {@code "lineHash"}: SHA-256 of the line's text before that field, so one altered byte is
 * refused naming its line even where the state and chain hashes cannot see it (a parent id pointing
 * outside the export). Parsing is strict: unknown, missing or duplicate fields, a wrong kind, and
 * base64 that is not in its canonical form are refused, naming the line. State, chain and audit hashes
 * are checked by the caller, not here. Stateless.
 */
final class TransferLines {
  static final String FORMAT = "session-rollback-export";
  static final int VERSION = 1;
  private static final String LINE_HASH = ",\"lineHash\":\"";
  private static final Hasher LINE_HASHER = Hasher.sha256();
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Set<String> HEADER_FIELDS = Set.of("format", "version");
  private static final Set<String> CHECKPOINT_FIELDS = Set.of("kind", "id", "sessionId", "sequence", "parentId", "type",
      "description", "createdAt", "labels", "stateHash", "chainHash", "rawSize", "storedSize", "compression", "payload");

  private TransferLines() {}

  /** One parsed line after the header. */
  sealed interface Line permits CheckpointLine, AuditLine, EndLine {}

  /** The end line: how many checkpoint and audit lines come before it. */
  record EndLine(int number, long checkpoints, long auditEntries) implements Line {}

  /** A checkpoint line: the record and its line number (1-based). */
  record CheckpointLine(int number, CheckpointRecord record) implements Line {}

  /** An audit line: the entry and its line number (1-based). */
  record AuditLine(int number, AuditEntry entry) implements Line {}

  static String header() {
    return seal("{\"format\":\"" + FORMAT + "\",\"version\":" + VERSION + "}");
  }

  static String end(long checkpoints, long auditEntries) {
    return seal("{\"kind\":\"end\",\"checkpoints\":" + checkpoints + ",\"auditEntries\":" + auditEntries + "}");
  }

  /** Add the line hash to a JSON object's text and end the line. */
  private static String seal(String object) {
    String body = object.substring(0, object.length() - 1);
    return body + LINE_HASH + LINE_HASHER.hex(body) + "\"}\n";
  }

  /** Check and remove the line hash, refusing the line if it is missing or does not match. */
  private static String unseal(int number, String line) {
    int at = line.lastIndexOf(LINE_HASH);
    if (at < 1 || !line.endsWith("\"}")) {
      throw refused(number, "has no \"lineHash\" at its end: it was altered or cut");
    }
    String body = line.substring(0, at);
    if (!Hasher.same(LINE_HASHER.hex(body), line.substring(at + LINE_HASH.length(), line.length() - 2))) {
      throw refused(number, "does not match its \"lineHash\": the line was altered");
    }
    return body + "}";
  }

  static String checkpoint(CheckpointRecord record) {
    Checkpoint c = record.checkpoint();
    StringWriter out = new StringWriter(256 + record.payloadLength() * 4 / 3);
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("kind", "checkpoint");
      g.writeStringField("id", c.id().value());
      g.writeStringField("sessionId", c.sessionId());
      g.writeNumberField("sequence", c.sequence());
      g.writeStringField("parentId", c.parentId().map(CheckpointId::value).orElse(null));
      g.writeStringField("type", c.type().name());
      g.writeStringField("description", c.description());
      g.writeStringField("createdAt", c.createdAt().toString());
      g.writeObjectFieldStart("labels");
      for (Map.Entry<String, String> label : c.labels().entrySet()) {
        g.writeStringField(label.getKey(), label.getValue());
      }
      g.writeEndObject();
      g.writeStringField("stateHash", c.stateHash());
      g.writeStringField("chainHash", c.chainHash());
      g.writeNumberField("rawSize", c.rawSize());
      g.writeNumberField("storedSize", c.storedSize());
      g.writeStringField("compression", c.compression().name());
      g.writeStringField("payload", Base64.getEncoder().encodeToString(record.payload()));
      g.writeEndObject();
    } catch (IOException impossible) {
      throw new IllegalStateException("writing JSON to a string failed", impossible);
    }
    return seal(out.toString());
  }

  static String audit(AuditEntry entry) {
    String line = AuditFiles.line(entry).strip();
    return seal("{\"kind\":\"audit\"," + line.substring(1));
  }

  /** Check the header line, refusing anything that is not this format at this version. */
  static void requireHeader(String line) {
    try {
      JsonNode node = JSON.readTree(unseal(1, line));
      if (node == null || !node.isObject() || !fields(node).equals(HEADER_FIELDS)
          || !FORMAT.equals(node.get("format").asText()) || node.get("version").asInt() != VERSION) {
        throw refused(1, "is not the header of a session export (" + header().strip() + ")");
      }
    } catch (IOException e) {
      throw refused(1, "is not JSON: " + message(e));
    }
  }

  /** Parse the line numbered {@code number}, refusing it with its number when it is not a valid line. */
  static Line parse(int number, String line) {
    String object = unseal(number, line);
    try {
      JsonNode node = JSON.readTree(object);
      if (node == null || !node.isObject() || !node.path("kind").isTextual()) {
        throw new IllegalArgumentException("it is not an object with a \"kind\"");
      }
      return switch (node.get("kind").asText()) {
        case "checkpoint" -> new CheckpointLine(number, record(node));
        case "audit" -> new AuditLine(number, AuditFiles.parse(auditText((ObjectNode) node)));
        case "end" -> new EndLine(number, number(node, "checkpoints"), number(node, "auditEntries"));
        default -> throw new IllegalArgumentException("unknown kind '" + node.get("kind").asText() + "'");
      };
    } catch (IOException e) {
      throw refused(number, "is not JSON: " + message(e));
    } catch (RuntimeException e) {
      throw refused(number, "is not a valid export line: " + e.getMessage());
    }
  }

  private static String auditText(ObjectNode node) throws IOException {
    node.remove("kind");
    return JSON.writeValueAsString(node);
  }

  private static CheckpointRecord record(JsonNode n) {
    if (!fields(n).equals(CHECKPOINT_FIELDS)) {
      throw new IllegalArgumentException("fields " + fields(n) + " are not the checkpoint fields " + CHECKPOINT_FIELDS);
    }
    CheckpointId id = CheckpointId.of(text(n, "id"));
    Optional<CheckpointId> parent = n.get("parentId").isNull() ? Optional.empty()
        : Optional.of(CheckpointId.of(text(n, "parentId")));
    Checkpoint c = new Checkpoint(id, text(n, "sessionId"), number(n, "sequence"), parent,
        CheckpointType.valueOf(text(n, "type")), text(n, "description"), Instant.parse(text(n, "createdAt")),
        labels(n.get("labels")), text(n, "stateHash"), text(n, "chainHash"), number(n, "rawSize"),
        number(n, "storedSize"), Compression.valueOf(text(n, "compression")));
    return new CheckpointRecord(c, payload(text(n, "payload")));
  }

  private static byte[] payload(String base64) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    if (!Base64.getEncoder().encodeToString(bytes).equals(base64)) {
      throw new IllegalArgumentException("the payload is not canonical base64");
    }
    return bytes;
  }

  private static Map<String, String> labels(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("labels must be an object");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (String key : fields(node)) {
      labels.put(key, requireText(node.get(key), "label " + key));
    }
    return labels;
  }

  private static String text(JsonNode n, String field) {
    return requireText(n.get(field), field);
  }

  private static String requireText(JsonNode value, String field) {
    if (!value.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return value.asText();
  }

  private static long number(JsonNode n, String field) {
    JsonNode value = n.get(field);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException(field + " must be a whole number");
    }
    return value.asLong();
  }

  private static Set<String> fields(JsonNode node) {
    Set<String> names = new java.util.HashSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static String message(IOException e) {
    return e instanceof JsonProcessingException j ? String.valueOf(j.getOriginalMessage()) : String.valueOf(e.getMessage());
  }

  static IntegrityViolationException refused(int number, String problem) {
    return new IntegrityViolationException("line " + number + " of the export " + problem
        + "; nothing was imported: export the sessions again, or restore the file from a copy");
  }
}
