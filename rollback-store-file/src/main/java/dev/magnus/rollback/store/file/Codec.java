package dev.magnus.rollback.store.file;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
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
import org.jspecify.annotations.Nullable;

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
  /** Markers of format version 2 and later name each target segment with its generation. */
  static final int META_VERSION_2 = 2;

  private Codec() {}

  /**
   * A decoded tombstone or session-delete marker; {@code ids} is empty for a session delete.
   * {@code targets} are the segments (with their generation) that held the deleted records when
   * the marker was written.
   */
  record Marker(boolean wholeSession, String sessionId, List<CheckpointId> ids, List<Target> targets) {}

  /** A segment as a marker saw it: its id and its generation (compactions) at that time. */
  record Target(long segment, int generation) {}

  /**
   * A decoded seal: what precedes it in its segment, and the deletions its markers made.
   *
   * @param recordCount records before the seal
   * @param recordsEnd the seal's own offset (the length of the segment without the seal)
   * @param segmentCrc CRC32C of bytes {@code [0, recordsEnd)} of the segment
   * @param deletions the sessions whose checkpoints the segment's markers delete: session id to the
   *     deleted ids, or to {@code null} for a whole-session delete
   */
  record Seal(long recordCount, long recordsEnd, int segmentCrc, Map<String, @Nullable List<CheckpointId>> deletions) {}

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
    return checkpoint(new MetaReader(meta));
  }

  /** Decode a checkpoint's meta section: the reader must hold exactly that section. */
  static Checkpoint checkpoint(MetaReader in) throws IOException {
    version(in);
    CheckpointId id = CheckpointId.of(in.str());
    String session = in.str();
    long sequence = in.i64();
    Optional<CheckpointId> parent = in.bool() ? Optional.of(CheckpointId.of(in.str())) : Optional.empty();
    CheckpointType type = CheckpointType.valueOf(in.str());
    String description = in.str();
    Instant createdAt = Instant.ofEpochSecond(in.i64(), in.i32());
    int labelCount = in.count();
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < labelCount; i++) {
      labels.put(in.str(), in.str());
    }
    Checkpoint c = new Checkpoint(id, session, sequence, parent, type, description, createdAt, labels, in.str(),
        in.str(), in.i64(), in.i64(), Compression.valueOf(in.str()));
    in.end();
    return c;
  }

  static byte[] tombstone(String sessionId, List<CheckpointId> ids, List<Target> targets) {
    return write(out -> {
      out.writeByte(META_VERSION_2);
      str(out, sessionId);
      out.writeInt(ids.size());
      for (int i = 0; i < ids.size(); i++) {
        str(out, ids.get(i).value());
        target(out, targets.get(i));
      }
    });
  }

  static byte[] sessionDelete(String sessionId, List<Target> targets) {
    return write(out -> {
      out.writeByte(META_VERSION_2);
      str(out, sessionId);
      out.writeInt(targets.size());
      for (Target t : targets) {
        target(out, t);
      }
    });
  }

  private static void target(DataOutputStream out, Target t) throws IOException {
    out.writeLong(t.segment());
    out.writeInt(t.generation());
  }

  static Marker marker(byte type, byte[] meta) throws IOException {
    return marker(type, new MetaReader(meta));
  }

  /** Decode a tombstone's or session delete's meta section: the reader must hold exactly that section. */
  static Marker marker(byte type, MetaReader in) throws IOException {
    int version = in.u8();
    if (version != META_VERSION && version != META_VERSION_2) {
      throw new IOException("marker encoding version " + version + " is not supported");
    }
    String session = in.str();
    int n = in.count();
    List<CheckpointId> ids = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (type == Format.TOMBSTONE) {
        ids.add(CheckpointId.of(in.str()));
      }
      targets.add(new Target(in.i64(), version == META_VERSION ? 0 : in.i32()));
    }
    in.end();
    return new Marker(type == Format.SESSION_DELETE, session, List.copyOf(ids), List.copyOf(targets));
  }

  static byte[] seal(Seal seal) {
    return write(out -> {
      out.writeByte(META_VERSION);
      out.writeLong(seal.recordCount());
      out.writeLong(seal.recordsEnd());
      out.writeInt(seal.segmentCrc());
      out.writeInt(seal.deletions().size());
      for (Map.Entry<String, List<CheckpointId>> e : seal.deletions().entrySet()) {
        str(out, e.getKey());
        out.writeBoolean(e.getValue() == null);
        if (e.getValue() != null) {
          out.writeInt(e.getValue().size());
          for (CheckpointId id : e.getValue()) {
            str(out, id.value());
          }
        }
      }
    });
  }

  static Seal seal(byte[] meta) throws IOException {
    return seal(new MetaReader(meta));
  }

  /** Decode a seal's meta section: the reader must hold exactly that section. */
  static Seal seal(MetaReader in) throws IOException {
    version(in);
    long count = in.i64();
    long end = in.i64();
    int crc = in.i32();
    int sessions = in.count();
    Map<String, List<CheckpointId>> deletions = new LinkedHashMap<>();
    for (int i = 0; i < sessions; i++) {
      String session = in.str();
      if (in.bool()) {
        deletions.put(session, null);
        continue;
      }
      int n = in.count();
      List<CheckpointId> ids = new ArrayList<>(n);
      for (int j = 0; j < n; j++) {
        ids.add(CheckpointId.of(in.str()));
      }
      deletions.put(session, ids);
    }
    in.end();
    if (count < 0 || end < Format.FILE_HEADER_SIZE) {
      throw new IOException("seal figures out of range: count=" + count + " end=" + end);
    }
    return new Seal(count, end, crc, deletions);
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

  private static void version(MetaReader in) throws IOException {
    int version = in.u8();
    if (version != META_VERSION) {
      throw new IOException("meta encoding version " + version + " is not supported");
    }
  }

  static void str(DataOutputStream out, String s) throws IOException {
    if (!hasSurrogate(s)) { // the common case: the JDK's encoding is exact, without a strict encoder per string
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      out.writeInt(bytes.length);
      out.write(bytes);
      return;
    }
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

  /**
   * Tell whether a string holds a UTF-16 surrogate: only then can it be unencodable (an unpaired one),
   * which the strict encoder reports; any other string encodes exactly with {@link String#getBytes}.
   */
  private static boolean hasSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean ascii(byte[] b) {
    for (byte x : b) {
      if (x < 0) {
        return false;
      }
    }
    return true;
  }

  static String str(DataInputStream in) throws IOException {
    int n = count(in);
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new EOFException("string of " + n + " bytes runs past the meta section");
    }
    if (ascii(b)) {
      return new String(b, StandardCharsets.US_ASCII); // exact; no strict decoder needed
    }
    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
  }

  static int count(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IOException("count " + n + " runs past the meta section");
    }
    return n;
  }

}
