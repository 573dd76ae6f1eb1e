package dev.magnus.rollback.store.file;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.store.file.Codec.Marker;
import dev.magnus.rollback.store.file.Codec.Seal;
import dev.magnus.rollback.store.file.Format.SegmentHeader;
import dev.magnus.rollback.store.file.SegmentScanner.Item;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Write a sealed segment file from records that passed their checks: recovery's salvage of a
 * damaged segment, the upgrade of a version 1 segment, and compaction's rewrite.
 *
 * <p>Design: the records are re-framed for their new offsets (their header CRC is bound to where
 * they lie) under a fresh salt, followed by a seal holding their count, the file's checksum and the
 * summary of the deletions their markers make. The new file is written as {@code <name>.salvage}
 * (recovery) or {@code <name>.tmp} (compaction) and forced before it replaces anything; a salvage
 * keeps the damaged original as {@code <name>.corrupt}. Used by one thread at a time.
 */
final class Salvage {
  private static final SecureRandom SALT = new SecureRandom();

  private final SegmentFiles files;

  Salvage(SegmentFiles files) {
    this.files = files;
  }

  static long newSalt() {
    return SALT.nextLong();
  }

  /**
   * Replace a segment by a sealed copy of its checked records. With {@code quarantine} the original
   * is kept as {@code .corrupt}; otherwise (an upgrade) it is replaced.
   */
  void rewrite(Path path, SegmentHeader old, List<Item> items, boolean quarantine) throws IOException {
    Path temp = files.sibling(old.id(), SegmentFiles.SALVAGE);
    SegmentHeader fresh = new SegmentHeader(old.id(), newSalt(), old.generation(), Format.VERSION);
    try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
      write(files, temp, fresh, items, item -> Segment.readFully(in, item.offset(), item.length()), null);
    }
    if (quarantine) {
      quarantine(files, path, old.id());
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
    } else {
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    files.forceDirectory();
  }

  /** Move a damaged file out of the way under the first free {@code .corrupt} name, forcing the directory. */
  static void quarantine(SegmentFiles files, Path path, long id) throws IOException {
    Path p = files.sibling(id, SegmentFiles.CORRUPT);
    for (int n = 2; Files.exists(p); n++) {
      p = files.sibling(id, SegmentFiles.CORRUPT + "-" + n);
    }
    Files.move(path, p, StandardCopyOption.ATOMIC_MOVE);
    files.forceDirectory();
  }

  /** Read the raw bytes of a checked record. */
  interface RawSource {
    ByteBuffer read(Item item) throws IOException;
  }

  /** What a sealed file written here holds: its length, where its seal begins, its checksum. */
  record Written(long length, long recordsEnd, int crc, long records) {}

  /**
   * Write {@code items} re-framed into a new, forced, sealed file {@code target}.
   *
   * @param moved if not null, receives old offset to new offset of every record written
   * @return what was written
   */
  static Written write(SegmentFiles files, Path target, SegmentHeader header, List<Item> items, RawSource source,
      @Nullable Map<Long, Long> moved)
      throws IOException {
    try (FileChannel out = files.openNewFile(target)) {
      CRC32C crc = new CRC32C();
      ByteBuffer h = Format.fileHeader(header);
      crc.update(h.duplicate());
      Segment.writeFully(out, h, 0);
      long at = Format.FILE_HEADER_SIZE;
      Map<String, @Nullable List<CheckpointId>> deletions = new LinkedHashMap<>();
      for (Item item : items) {
        ByteBuffer framed = Format.reframe(source.read(item), header, at, (byte) 0);
        crc.update(framed.duplicate());
        Segment.writeFully(out, framed, at);
        if (moved != null) {
          moved.put(item.offset(), at);
        }
        if (item.decoded() instanceof Marker m) {
          summarize(deletions, m);
        }
        at += item.length();
      }
      ByteBuffer seal = sealRecord(header, at, items.size(), (int) crc.getValue(), deletions);
      long length = at + seal.remaining();
      Segment.writeFully(out, seal, at);
      out.force(true);
      return new Written(length, at, (int) crc.getValue(), items.size());
    }
  }

  static void summarize(Map<String, @Nullable List<CheckpointId>> deletions, Marker m) {
    if (m.wholeSession()) {
      deletions.put(m.sessionId(), null);
    } else if (!deletions.containsKey(m.sessionId()) || deletions.get(m.sessionId()) != null) {
      deletions.computeIfAbsent(m.sessionId(), k -> new ArrayList<>()).addAll(m.ids());
    }
  }

  /** Frame the seal of a segment whose records end at {@code offset}. */
  static ByteBuffer sealRecord(SegmentHeader header, long offset, long count, int crc,
      Map<String, @Nullable List<CheckpointId>> deletions) {
    byte[] meta = Codec.seal(new Seal(count, offset, crc, deletions));
    return Format.record(header, offset, Format.SEAL, (byte) 0, 0, meta, new byte[0]);
  }
}
