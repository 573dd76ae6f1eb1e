package dev.magnus.rollback.tck;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.StoreCapability;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * A deliberately simple durable store for the TCK's own tests: one file per checkpoint, named by a
 * global counter, written to a temp file, forced, renamed atomically, then the directory forced.
 * Session ids live inside the files, never in file names. On open every {@code .rec} file is read and
 * checked against its CRC32; an incomplete newest file is a torn write (dropped), any other bad file
 * is corruption (counted, skipped, never served). Broken variants override {@link #accept}.
 *
 * <p>{@code force} turns the fsyncs on. The in-process contract runs turn them off to keep the build
 * fast on a shared disk (the 10,000-session case alone means 20,000 fsyncs); no in-process case can
 * observe them. The crash test's child JVM, opened through {@link DurableReferenceStoreFactory}, forces.
 */
class DurableReferenceStore extends ReferenceStore {
  private static final int MAGIC = 0x52424b31;
  private static final String SUFFIX = ".rec";
  private final Path dir;
  private final boolean force;
  private final Map<CheckpointId, Path> files = new HashMap<>();
  private long next = 1;
  private long corrupt;

  DurableReferenceStore(Path dir, boolean force) {
    this.dir = dir;
    this.force = force;
    load();
  }

  static List<Path> recordFiles(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
          .sorted((a, b) -> Long.compare(number(a), number(b))).toList();
    } catch (IOException e) {
      throw new StoreException("cannot list " + dir, e);
    }
  }

  private static long number(Path file) {
    String name = file.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
  }

  private void load() {
    try (Stream<Path> temps = Files.list(dir)) {
      for (Path t : temps.filter(p -> p.toString().endsWith(".tmp")).toList()) {
        Files.delete(t);
      }
      List<Path> all = recordFiles(dir);
      TreeMap<Long, CheckpointRecord> loaded = new TreeMap<>();
      for (int i = 0; i < all.size(); i++) {
        Path file = all.get(i);
        next = Math.max(next, number(file) + 1);
        Optional<CheckpointRecord> record = parse(file, i == all.size() - 1);
        record.filter(r -> accept(file, r, all)).ifPresent(r -> {
          index(r);
          files.put(r.checkpoint().id(), file);
        });
      }
    } catch (IOException e) {
      throw new StoreException("cannot open " + dir, e);
    }
  }

  /** Decide whether a record read from disk is served; broken variants drop some. */
  boolean accept(Path file, CheckpointRecord record, List<Path> all) {
    return true;
  }

  /** Read one file; empty for a torn newest file (dropped) or a corrupt one (counted). */
  Optional<CheckpointRecord> parse(Path file, boolean newest) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      return Optional.of(decode(bytes));
    } catch (EOFException torn) {
      if (newest) {
        Files.delete(file);
        return Optional.empty();
      }
      corrupt++;
      return Optional.empty();
    } catch (IOException | RuntimeException bad) {
      corrupt++;
      return Optional.empty();
    }
  }

  /** Decode and verify one record; EOFException when it is incomplete. */
  CheckpointRecord decode(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    if (in.readInt() != MAGIC) {
      throw new IOException("bad magic");
    }
    int bodyLength = in.readInt();
    if (bodyLength < 0 || bytes.length < 8 + (long) bodyLength + 8) {
      throw new EOFException("incomplete record");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 8, bodyLength);
    long stored = ByteBuffer.wrap(bytes, 8 + bodyLength, 8).getLong();
    if (bytes.length != 8 + bodyLength + 8 || crc.getValue() != stored) {
      throw new IOException("checksum mismatch");
    }
    return readBody(in);
  }

  static CheckpointRecord readBody(DataInputStream in) throws IOException {
    CheckpointId id = CheckpointId.of(in.readUTF());
    String session = in.readUTF();
    long sequence = in.readLong();
    String parent = in.readUTF();
    CheckpointType type = CheckpointType.valueOf(in.readUTF());
    String description = in.readUTF();
    Instant createdAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
    Map<String, String> labels = new HashMap<>();
    for (int n = in.readInt(); n > 0; n--) {
      labels.put(in.readUTF(), in.readUTF());
    }
    Checkpoint c = new Checkpoint(id, session, sequence,
        parent.isEmpty() ? Optional.empty() : Optional.of(CheckpointId.of(parent)), type, description, createdAt,
        labels, in.readUTF(), in.readUTF(), in.readLong(), in.readLong(), Compression.valueOf(in.readUTF()));
    byte[] payload = new byte[in.readInt()];
    in.readFully(payload);
    return new CheckpointRecord(c, payload);
  }

  static byte[] encode(CheckpointRecord record) {
    try {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(body);
      Checkpoint c = record.checkpoint();
      out.writeUTF(c.id().value());
      out.writeUTF(c.sessionId());
      out.writeLong(c.sequence());
      out.writeUTF(c.parentId().map(CheckpointId::value).orElse(""));
      out.writeUTF(c.type().name());
      out.writeUTF(c.description());
      out.writeLong(c.createdAt().getEpochSecond());
      out.writeInt(c.createdAt().getNano());
      out.writeInt(c.labels().size());
      for (var e : c.labels().entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
      out.writeUTF(c.stateHash());
      out.writeUTF(c.chainHash());
      out.writeLong(c.rawSize());
      out.writeLong(c.storedSize());
      out.writeUTF(c.compression().name());
      out.writeInt(record.payloadLength());
      out.write(record.payload());
      byte[] b = body.toByteArray();
      CRC32 crc = new CRC32();
      crc.update(b);
      return ByteBuffer.allocate(8 + b.length + 8).putInt(MAGIC).putInt(b.length).put(b).putLong(crc.getValue()).array();
    } catch (IOException e) {
      throw new StoreException("cannot encode " + record, e);
    }
  }

  @Override
  void persist(CheckpointRecord record) {
    Path target = dir.resolve(next + SUFFIX);
    Path temp = dir.resolve(next + ".tmp");
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(encode(record));
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      if (force) {
        ch.force(true);
      }
    } catch (IOException e) {
      throw new StoreException("cannot write " + temp, e);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      forceDirectory();
    } catch (IOException e) {
      throw new StoreException("cannot commit " + target, e);
    }
    next++;
    files.put(record.checkpoint().id(), target);
  }

  @Override
  void unpersist(CheckpointRecord record) {
    try {
      Files.deleteIfExists(files.remove(record.checkpoint().id()));
      forceDirectory();
    } catch (IOException e) {
      throw new StoreException("cannot delete " + record, e);
    }
  }

  private void forceDirectory() throws IOException {
    if (!force) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  @Override
  synchronized long corruptions() {
    return corrupt;
  }

  @Override
  public Set<StoreCapability> capabilities() {
    return Set.of(StoreCapability.DURABLE);
  }
}
