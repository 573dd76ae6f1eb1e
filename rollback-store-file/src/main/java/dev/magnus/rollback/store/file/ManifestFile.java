package dev.magnus.rollback.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.TreeMap;

/**
 * Write the store's {@link Manifest} from its segments, durably and atomically.
 *
 * <p>Design: {@code MANIFEST.tmp} is written, forced and renamed over {@code MANIFEST}, then the
 * directory is forced; a crash leaves the old manifest or the new one, never a mix (a leftover
 * {@code .tmp} is deleted by the next writable open). The owner fields name this process while the
 * store is open and are cleared by a clean close. Used by one thread at a time (the opening thread,
 * then the leading writer).
 */
final class ManifestFile {
  private static final long PID = ProcessHandle.current().pid();
  private static final long START = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli())
      .orElse(-1L);

  private final SegmentFiles files;
  private long writes;

  ManifestFile(SegmentFiles files, long writesSoFar) {
    this.files = files;
    this.writes = writesSoFar;
  }

  static long pid() {
    return PID;
  }

  static long startMillis() {
    return START;
  }

  /**
   * Write a manifest listing {@code segments}; the one with id {@code activeId} is unsealed.
   *
   * @param open whether this process keeps the store open (false on a clean close)
   */
  void write(Collection<Segment> segments, long activeId, boolean open) throws IOException {
    TreeMap<Long, Manifest.Entry> entries = new TreeMap<>();
    for (Segment s : segments) {
      entries.put(s.id, entry(s, activeId));
    }
    Manifest m = new Manifest(++writes, open ? PID : 0, open ? START : -1, activeId, entries);
    byte[] bytes = m.encode();
    Path temp = files.dir.resolve(Manifest.NAME + SegmentFiles.TEMP);
    SegmentFiles.uninterrupted(() -> {
      try (FileChannel ch = files.openNewFile(temp)) {
        Segment.writeFully(ch, ByteBuffer.wrap(bytes), 0);
        ch.force(true);
      }
      return null;
    });
    files.replace(temp, files.dir.resolve(Manifest.NAME), StoreHook.Step.MANIFEST_RENAMED);
  }

  private static Manifest.Entry entry(Segment s, long activeId) {
    if (s.id == activeId || !s.sealed) {
      return Manifest.Entry.unsealed(s.id, s.header.generation());
    }
    return new Manifest.Entry(s.id, true, s.size, s.recordCount, s.crc, s.header.generation(),
        s.markerSessions == null ? null : new HashSet<>(s.markerSessions));
  }
}
