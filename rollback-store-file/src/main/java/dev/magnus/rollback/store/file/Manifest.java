package dev.magnus.rollback.store.file;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Say which segments a store has and what each sealed one holds: the file {@code MANIFEST}.
 *
 * <p>Design: the manifest is the authority on which segment files exist. Every change of the set of
 * segments (a roll, a deletion, a compaction, a clean close) writes a new manifest before the store
 * relies on it, through a temp file, force, atomic rename and directory force, so a reader always
 * finds a whole manifest. A missing segment is then told apart from a deleted one, a sealed segment
 * that does not match its entry is corruption, and the entries' record counts say how much was lost.
 * It also records the process that has the store open, so a second process that finds the
 * {@code LOCK} file deleted by hand still refuses to open the directory while the first one runs.
 * FORMAT.md section 6 has the bytes. Immutable.
 *
 * @param writes how many manifests were written before this one (grows by one per write)
 * @param ownerPid the process that has the store open for writing, or 0 if none (clean close)
 * @param ownerStart that process's start time (epoch ms), to tell it from a reused pid; -1 unknown
 * @param newest the segment taking appends, or 0 if the store has none or is closed
 * @param segments every live segment by id
 */
record Manifest(long writes, long ownerPid, long ownerStart, long newest, TreeMap<Long, Entry> segments) {
  static final String NAME = "MANIFEST";
  static final int MAGIC = 0x52424d46; // "RBMF"
  static final short VERSION = 1;
  /** Sessions recorded per segment for lost-deletion reports; more than this records "every session". */
  static final int MAX_MARKER_SESSIONS = 256;

  /**
   * One live segment.
   *
   * @param id the segment id
   * @param sealed whether the segment ends in a seal; its figures are then exact
   * @param length the file length (sealed), or 0
   * @param recordCount the records before the seal (sealed), or 0
   * @param segmentCrc CRC32C of the file up to the seal (sealed), or 0
   * @param generation the generation in the segment's header (compactions so far)
   * @param markerSessions the sessions whose deletion markers the segment holds, or null if there are
   *     more than {@link #MAX_MARKER_SESSIONS} or they are unknown
   */
  record Entry(long id, boolean sealed, long length, long recordCount, int segmentCrc, int generation,
      @Nullable Set<String> markerSessions) {
    static Entry unsealed(long id, int generation) {
      return new Entry(id, false, 0, 0, 0, generation, null);
    }
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 48 * segments.size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeShort(VERSION);
      out.writeShort(0);
      out.writeLong(writes);
      out.writeLong(ownerPid);
      out.writeLong(ownerStart);
      out.writeLong(newest);
      out.writeInt(segments.size());
      for (Entry e : segments.values()) {
        writeEntry(out, e);
      }
      out.flush();
      CRC32C crc = new CRC32C();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  private static void writeEntry(DataOutputStream out, Entry e) throws IOException {
    out.writeLong(e.id());
    out.writeBoolean(e.sealed());
    out.writeLong(e.length());
    out.writeLong(e.recordCount());
    out.writeInt(e.segmentCrc());
    out.writeInt(e.generation());
    out.writeInt(e.markerSessions() == null ? -1 : e.markerSessions().size());
    if (e.markerSessions() != null) {
      for (String s : e.markerSessions()) {
        Codec.str(out, s);
      }
    }
  }

  /**
   * Decode a manifest.
   *
   * @throws IOException naming what is wrong if the bytes are not a whole, undamaged manifest
   */
  static Manifest decode(byte[] bytes) throws IOException {
    if (bytes.length < 44) {
      throw new IOException("manifest is " + bytes.length + " bytes, too short");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    int stored = java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
    if ((int) crc.getValue() != stored) {
      throw new IOException("manifest checksum mismatch");
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4));
    if (in.readInt() != MAGIC) {
      throw new IOException("not a manifest (bad magic)");
    }
    short version = in.readShort();
    if (version != VERSION) {
      throw new IOException("manifest version " + version + " is not supported (this code reads " + VERSION + ")");
    }
    in.readShort();
    long writes = in.readLong();
    long pid = in.readLong();
    long start = in.readLong();
    long newest = in.readLong();
    int n = Codec.count(in);
    TreeMap<Long, Entry> segments = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      Entry e = readEntry(in);
      segments.put(e.id(), e);
    }
    if (in.available() != 0) {
      throw new IOException(in.available() + " trailing bytes in the manifest");
    }
    return new Manifest(writes, pid, start, newest, segments);
  }

  private static Entry readEntry(DataInputStream in) throws IOException {
    long id = in.readLong();
    boolean sealed = in.readBoolean();
    long length = in.readLong();
    long count = in.readLong();
    int crc = in.readInt();
    int generation = in.readInt();
    int sessions = in.readInt();
    Set<String> markerSessions = null;
    if (sessions >= 0) {
      if (sessions > in.available()) {
        throw new IOException("session count " + sessions + " runs past the manifest");
      }
      markerSessions = new LinkedHashSet<>();
      for (int i = 0; i < sessions; i++) {
        markerSessions.add(Codec.str(in));
      }
    }
    return new Entry(id, sealed, length, count, crc, generation, markerSessions);
  }

  /** Return the ids of the live segments, ascending. */
  List<Long> ids() {
    return new ArrayList<>(segments.keySet());
  }
}
