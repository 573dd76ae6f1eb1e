package dev.magnus.rollback.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.AuditVerification;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.AuditSink;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Keep the audit log in a file, one JSON object a line, and check it later without the engine.
 *
 * <p>{@link #appendTo(Path)} gives an {@link AuditSink} that appends each entry as it is written
 * (opened, written and closed per entry: simple and safe for a command line or a low-rate service;
 * a busy gateway should ship entries to its log pipeline instead). Every engine run starts a new
 * chain (entry 1, empty previous hash), so a file holds one chain per run; {@link #verify(Path)}
 * checks each. The HMAC key is never involved: the audit chain is plain SHA-256 so anyone can check
 * it. Thread-safe (stateless; the sink is called under the audit trail's lock).
 */
public final class AuditFiles {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<StandardOpenOption> APPEND = Set.of(StandardOpenOption.CREATE,
      StandardOpenOption.APPEND, StandardOpenOption.WRITE);

  private AuditFiles() {}

  /**
   * Return a sink that appends every audit entry to a file, creating it if needed: a new file is
   * readable and writable by its owner only ({@code rw-------}) where the file system has POSIX
   * permissions, like the file store's files; an existing file keeps its permissions.
   *
   * @param file the JSON-lines file
   * @return the sink
   */
  public static AuditSink appendTo(Path file) {
    Objects.requireNonNull(file, "file");
    return entry -> {
      try (SeekableByteChannel out = Files.newByteChannel(file, APPEND, ownerOnly(file))) {
        ByteBuffer bytes = ByteBuffer.wrap(line(entry).getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
      } catch (IOException e) {
        throw new StoreException("could not append audit entry " + entry.entryId() + " to " + file + ": " + e, e);
      }
    };
  }

  /** Return the permissions a new audit file gets: rw------- where the file system has POSIX permissions. */
  private static FileAttribute<?>[] ownerOnly(Path file) {
    return file.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
  }

  /**
   * Read every entry of a file, in file order.
   *
   * @param file the JSON-lines file
   * @return the entries; empty if the file does not exist
   * @throws StoreException naming the line if a line is not an audit entry
   */
  public static List<AuditEntry> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(Objects.requireNonNull(file, "file"), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new StoreException("could not read the audit file " + file + ": " + e, e);
    }
    List<AuditEntry> entries = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        try {
          entries.add(parse(lines.get(i)));
        } catch (IOException | RuntimeException e) {
          throw new StoreException("line " + (i + 1) + " of the audit file " + file + " is not an audit entry: "
              + e.getMessage(), e);
        }
      }
    }
    return entries;
  }

  /**
   * Check every chain in a file (a chain starts at each entry 1).
   *
   * @param file the JSON-lines file
   * @return one verification per chain, in file order; empty if the file does not exist
   */
  public static List<AuditVerification> verify(Path file) {
    List<AuditVerification> results = new ArrayList<>();
    List<AuditEntry> chain = new ArrayList<>();
    for (AuditEntry e : read(file)) {
      if (e.entryId() == 1 && !chain.isEmpty()) {
        results.add(AuditTrail.verifyChain(chain));
        chain = new ArrayList<>();
      }
      chain.add(e);
    }
    if (!chain.isEmpty()) {
      results.add(AuditTrail.verifyChain(chain));
    }
    return results;
  }

  static String line(AuditEntry e) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("entryId", e.entryId());
      g.writeStringField("action", e.action().name());
      g.writeStringField("timestamp", e.timestamp().toString());
      g.writeStringField("sessionId", e.sessionId().orElse(null));
      g.writeObjectFieldStart("details");
      for (Map.Entry<String, String> d : e.details().entrySet()) {
        g.writeStringField(d.getKey(), d.getValue());
      }
      g.writeEndObject();
      g.writeStringField("outcome", e.outcome().name());
      g.writeStringField("previousHash", e.previousHash());
      g.writeStringField("hash", e.hash());
      g.writeEndObject();
    } catch (IOException impossible) {
      throw new IllegalStateException("writing JSON to a string failed", impossible);
    }
    return out + "\n";
  }

  static AuditEntry parse(String line) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, String> details = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(line)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("details".equals(name)) {
          expect(value, JsonToken.START_OBJECT);
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            details.put(key, p.getText());
          }
        } else {
          fields.put(name, value == JsonToken.VALUE_NULL ? null : p.getText());
        }
      }
    }
    return new AuditEntry(Long.parseLong(required(fields, "entryId")), AuditAction.valueOf(required(fields, "action")),
        Instant.parse(required(fields, "timestamp")), Optional.ofNullable(fields.get("sessionId")), details,
        Outcome.valueOf(required(fields, "outcome")), required(fields, "previousHash"), required(fields, "hash"));
  }

  private static String required(Map<String, String> fields, String name) {
    String value = fields.get(name);
    if (value == null) {
      throw new IllegalArgumentException("field " + name + " is missing");
    }
    return value;
  }

  private static void expect(JsonToken actual, JsonToken expected) {
    if (actual != expected) {
      throw new IllegalArgumentException("expected " + expected + ", found " + actual);
    }
  }
}
