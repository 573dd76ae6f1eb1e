package dev.magnus.rollback.store.file;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.store.file.Codec.Target;
import dev.magnus.rollback.store.file.Format.SegmentHeader;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Hold one segment file's identity and liveness figures.
 *
 * <p>Design: records are appended only by the leading writer at {@link #size}; readers read whole
 * records through the store's {@link ReadChannels}, never through the writer's channel, so an
 * interrupted reader can never close the channel a writer uses. {@link #liveRecords} and
 * {@link #liveBytes} count the checkpoint records of this segment that the index still serves,
 * {@link #markerBytes} the bytes of its tombstone and session-delete records; {@link #markers}
 * lists where they lie and the segments (with their generation) that they point at. A marker is
 * needed only while its target segment exists <em>in the same generation</em>: a compaction of the
 * target drops the dead records, so a marker written before it kills nothing any more. A segment
 * with no live record and no needed marker is dead and can be deleted. {@link #deletions} and
 * {@link #markerSessions} are what the segment's seal and manifest entry record of its markers.
 * Mutable fields are guarded by the store's index lock (written by the leading writer under the
 * write lock); {@link #recordCount} and {@link #crc} are the leader's alone.
 */
final class Segment {
  final long id;
  final Path path;
  SegmentHeader header;
  long size;
  long liveRecords;
  long liveBytes;
  long markerBytes;
  /** The markers of this segment, for deciding which are still needed. */
  final List<MarkerInfo> markers = new ArrayList<>();
  /**
   * {@link CheckpointIndex#neededMarkerBytes}'s last answer, with the index's segment version and the
   * marker count it was computed for (version -1: never). The compactor's alone: it runs on the leading
   * writer, one at a time, and leadership passes under the writer's gate.
   */
  long neededBytes;
  long neededVersion = -1;
  int neededMarkers;
  /** The sessions whose markers this segment holds; null once more than the manifest keeps. */
  @Nullable Set<String> markerSessions = new HashSet<>();
  /** For the seal: session id to the ids its markers delete here, or to null for a session delete. */
  final Map<String, @Nullable List<CheckpointId>> deletions = new LinkedHashMap<>();
  /** True once the segment ends in a seal: it takes no more records. */
  boolean sealed;
  /** Where the records end: the seal's offset when sealed, else {@link #size}. */
  long recordsEnd;
  /** Records in the file before any seal. */
  long recordCount;
  /** CRC32C of the file's bytes {@code [0, size)} while unsealed; the seal's checksum once sealed. */
  int crc;

  Segment(long id, Path path, SegmentHeader header, long size) {
    this.id = id;
    this.path = path;
    this.header = header;
    this.size = size;
  }

  /** Where a marker lies and which segments it points at. */
  record MarkerInfo(long offset, int length, List<Target> targets) {}

  /** Note a marker written to (or replayed from) this segment at {@code offset}. */
  void noteMarker(Codec.Marker m, long offset, int length) {
    markerBytes += length;
    markers.add(new MarkerInfo(offset, length, m.targets()));
    if (markerSessions != null) {
      markerSessions.add(m.sessionId());
      if (markerSessions.size() > Manifest.MAX_MARKER_SESSIONS) {
        markerSessions = null;
      }
    }
    if (m.wholeSession()) {
      deletions.put(m.sessionId(), null);
    } else if (!deletions.containsKey(m.sessionId()) || deletions.get(m.sessionId()) != null) {
      deletions.computeIfAbsent(m.sessionId(), k -> new ArrayList<>()).addAll(m.ids());
    }
  }

  Target asTarget() {
    return new Target(id, header.generation());
  }

  static ByteBuffer readFully(FileChannel channel, long offset, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (channel.read(b, offset + b.position()) < 0) {
        throw new EOFException("end of file at " + (offset + b.position()) + " while reading " + length + " bytes at "
            + offset);
      }
    }
    return b.flip();
  }

  static void writeFully(FileChannel channel, ByteBuffer b, long offset) throws IOException {
    long at = offset;
    while (b.hasRemaining()) {
      at += channel.write(b, at);
    }
  }

  /** Write zeros from {@code from} up to {@code to} (the preallocated tail of format version 3). */
  static void writeZeros(FileChannel channel, long from, long to) throws IOException {
    for (long p = from; p < to; ) {
      p += channel.write(ZEROS.duplicate().limit((int) Math.min(ZEROS.capacity(), to - p)), p);
    }
  }

  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(256 << 10).asReadOnlyBuffer();

  @Override
  public String toString() {
    return path.getFileName().toString();
  }
}
