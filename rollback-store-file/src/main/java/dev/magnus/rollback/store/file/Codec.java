package dev.magnus.rollback.store.file;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Encode descriptors and deletion markers into the {@code meta} section of a record.
 *
 * <p>Design: a compact big-endian layout written with {@link DataOutputStream}; strings are a u32
 * byte count and strict UTF-8 (a string that is not valid UTF-16, such as one with an unpaired
 * surrogate, is rejected at append rather than stored lossily). Enums are stored by name, so
 * reordering an enum never changes the meaning of old files. Each meta section starts with its own
 * encoding version byte. Decoding rejects trailing bytes and lengths beyond the section. Stateless
 * and thread-safe.
 */
final class Codec {
  static final int META_VERSION = 1;

  private Codec() {}

  /** A decoded tombstone or session-delete marker; {@code ids} is empty for a session delete. */
  record Marker(boolean wholeSession, String sessionId, List<CheckpointId> ids, List<Long> targets) {}

  static byte[] checkpoint(Checkpoint c) {
    return write(out -> {
      out.writeByte(META_VERSION);
      str(out, c.id().value());
      str(out, c.sessionId());
      out.writeLong(c.sequence());
      out.writeBoolean(c.parentId().isPresent());
      if (c.parentId().isPresent()) {
        str(out, c.parentId().get().value());
      }
      str(out, c.type().name());
      str(out, c.description());
      out.writeLong(c.createdAt().getEpochSecond());
      out.writeInt(c.createdAt().getNano());
      out.writeInt(c.labels().size());
      for (Map.Entry<String, String> e : c.labels().entrySet()) {
        str(out, e.getKey());
        str(out, e.getValue());
      }
      str(out, c.stateHash());
      str(out, c.chainHash());
      out.writeLong(c.rawSize());
      out.writeLong(c.storedSize());
      str(out, c.compression().name());
    });
  }

  static Checkpoint checkpoint(byte[] meta) throws IOException {
    DataInputStream in = reader(meta);
    CheckpointId id = CheckpointId.of(str(in));
    String session = str(in);
    long sequence = in.readLong();
    Optional<CheckpointId> parent = in.readBoolean() ? Optional.of(CheckpointId.of(str(in))) : Optional.empty();
    CheckpointType type = CheckpointType.valueOf(str(in));
    String description = str(in);
    Instant createdAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
    int labelCount = count(in);
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < labelCount; i++) {
      labels.put(str(in), str(in));
    }
    Checkpoint c = new Checkpoint(id, session, sequence, parent, type, description, createdAt, labels, str(in),
        str(in), in.readLong(), in.readLong(), Compression.valueOf(str(in)));
    end(in);
    return c;
  }

  static byte[] tombstone(String sessionId, List<CheckpointId> ids, List<Long> targets) {
    return write(out -> {
      out.writeByte(META_VERSION);
      str(out, sessionId);
      out.writeInt(ids.size());
      for (int i = 0; i < ids.size(); i++) {
        str(out, ids.get(i).value());
        out.writeLong(targets.get(i));
      }
    });
  }

  static byte[] sessionDelete(String sessionId, List<Long> targets) {
    return write(out -> {
      out.writeByte(META_VERSION);
      str(out, sessionId);
      out.writeInt(targets.size());
      for (long t : targets) {
        out.writeLong(t);
      }
    });
  }

  static Marker marker(byte type, byte[] meta) throws IOException {
    DataInputStream in = reader(meta);
    String session = str(in);
    int n = count(in);
    List<CheckpointId> ids = new ArrayList<>();
    List<Long> targets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (type == Format.TOMBSTONE) {
        ids.add(CheckpointId.of(str(in)));
      }
      targets.add(in.readLong());
    }
    end(in);
    return new Marker(type == Format.SESSION_DELETE, session, List.copyOf(ids), List.copyOf(targets));
  }

  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] write(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      body.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  private static DataInputStream reader(byte[] meta) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(meta));
    int version = in.readUnsignedByte();
    if (version != META_VERSION) {
      throw new IOException("meta encoding version " + version + " is not supported");
    }
    return in;
  }

  private static void str(DataOutputStream out, String s) throws IOException {
    ByteBuffer utf8;
    try {
      utf8 = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("text '" + s.replaceAll("[^\\p{Print}]", "?")
          + "' is not valid UTF-16 (unpaired surrogate): the file store cannot keep it exactly; fix the text", e);
    }
    out.writeInt(utf8.remaining());
    out.write(utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining());
  }

  private static String str(DataInputStream in) throws IOException {
    int n = count(in);
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new EOFException("string of " + n + " bytes runs past the meta section");
    }
    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
  }

  private static int count(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IOException("count " + n + " runs past the meta section");
    }
    return n;
  }

  private static void end(DataInputStream in) throws IOException {
    if (in.available() != 0) {
      throw new IOException(in.available() + " trailing bytes in the meta section");
    }
  }
}
