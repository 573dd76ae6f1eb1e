package dev.magnus.rollback.store.file;

import dev.magnus.rollback.store.file.Codec.Seal;
import dev.magnus.rollback.store.file.Format.BadRecordException;
import dev.magnus.rollback.store.file.Format.Header;
import dev.magnus.rollback.store.file.Format.SegmentHeader;
import dev.magnus.rollback.store.file.SegmentScanner.Item;
import dev.magnus.rollback.store.file.SegmentSummary.Binding;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Index a sealed segment from its {@link SegmentSummary} instead of scanning it record by record:
 * recovery's fast path (FORMAT.md section 11).
 *
 * <p>Design: a summary is used only if every check holds, in this order: its own checksum and header;
 * its binding equals the manifest entry (id, length, record count, checksum, generation) and the
 * segment's file header (salt, generation, format version) and length; then one sequential pass over
 * the segment ({@link SequentialReader}) finds, at each record's offset, exactly the 28 header bytes and
 * the meta section the summary repeats, finds the records ending where the seal begins, and computes
 * the CRC32C of every byte before the seal, which must equal the seal's; last, the seal record itself
 * passes its checks and repeats the figures. So a summary that disagrees with its segment in any byte
 * it repeats is never used, and damage anywhere in a sealed segment is still found when the store opens,
 * exactly as a scan finds it: the segment is then scanned, and the scan judges the damage. What the
 * pass saves is the work per record — a system call, a buffer and two checksums per record, and the
 * payload CRC of records the seal's checksum already covers. A rejected summary is logged and counted
 * ({@link #rejected}); a missing one is counted ({@link #missing}). One instance per open, used by the
 * opening thread; {@link #preload} gives each of its threads a loader of its own. Not thread-safe.
 */
final class SummaryLoader {
  private static final System.Logger LOG = System.getLogger(SummaryLoader.class.getName());

  /** A summary that cannot be used, and why. */
  static final class Rejected extends Exception {
    Rejected(String reason) {
      super(reason, null, false, false);
    }
  }

  private @Nullable ByteBuffer scratch;
  /** Segments indexed from their summary. */
  long loaded;
  /** Summaries found but not used (damaged, stale, or disagreeing with their segment). */
  long rejected;
  /** Sealed segments without a summary. */
  long missing;
  /** Sealed segments that were scanned: a writable open writes their summaries. */
  final List<Long> toWrite = new ArrayList<>();

  /** Load the summaries of the sealed segments the manifest lists and the disk holds, on up to 4 processors. */
  Map<Long, Optional<SegmentScan>> preloadSealed(SortedMap<Long, Path> onDisk,
      Set<Long> ids, @Nullable Manifest manifest) throws IOException {
    TreeMap<Long, Path> sealed = new TreeMap<>();
    for (long id : ids) {
      Manifest.Entry e = manifest == null ? null : manifest.segments().get(id);
      if (e != null && e.sealed() && onDisk.containsKey(id)) {
        sealed.put(id, onDisk.get(id));
      }
    }
    int threads = Math.min(4, Runtime.getRuntime().availableProcessors());
    return preload(sealed, manifest == null ? Map.of() : manifest.segments(), threads);
  }

  /**
   * Load the summaries of these sealed segments (id to path and manifest entry) on up to {@code threads}
   * threads, each with its own loader whose counts are added to this one's; return each segment's result
   * ({@link #tryLoad}'s: empty to scan it). Decoding the descriptors of a large store is most of a reopen, and
   * the segments are independent until they are replayed, which stays in order on the opening thread.
   */
  Map<Long, Optional<SegmentScan>> preload(SortedMap<Long, Path> paths,
      Map<Long, Manifest.Entry> entries, int threads) throws IOException {
    Map<Long, Optional<SegmentScan>> results = new HashMap<>();
    if (threads <= 1 || paths.size() <= 1) {
      paths.forEach((id, path) -> results.put(id, Optional.ofNullable(tryLoad(id, path, entries.get(id)))));
      return results;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "rollback-store-open");
      t.setDaemon(true);
      return t;
    });
    try {
      Map<Long, Future<Optional<SegmentScan>>> futures = new TreeMap<>();
      ThreadLocal<SummaryLoader> loaders = new ThreadLocal<>();
      List<SummaryLoader> all = Collections.synchronizedList(new ArrayList<>());
      paths.forEach((id, path) -> futures.put(id, pool.submit(() -> {
        SummaryLoader mine = loaders.get();
        if (mine == null) {
          mine = new SummaryLoader();
          loaders.set(mine);
          all.add(mine);
        }
        return Optional.ofNullable(mine.tryLoad(id, path, entries.get(id)));
      })));
      for (Map.Entry<Long, Future<Optional<SegmentScan>>> f : futures.entrySet()) {
        results.put(f.getKey(), IoRescue.await(f.getValue()));
      }
      for (SummaryLoader l : all) {
        loaded += l.loaded;
        rejected += l.rejected;
        missing += l.missing;
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Return the scan of a sealed segment made from its summary, or null to scan it. */
  @Nullable SegmentScan tryLoad(long id, Path path, Manifest.Entry expected) {
    try {
      SegmentSummary.Loaded summary = readSummary(path);
      if (summary == null) {
        missing++;
        return null;
      }
      SegmentScan s = load(id, path, expected, summary);
      loaded++;
      return s;
    } catch (Rejected | IOException e) {
      rejected++;
      LOG.log(Level.INFO, "the summary of {0} is not used ({1}); scanning the segment instead", path.getFileName(),
          e.getMessage());
      return null;
    }
  }

  private static SegmentSummary.@Nullable Loaded readSummary(Path path) throws Rejected {
    try {
      return SegmentSummary.read(SegmentSummary.fileOf(path));
    } catch (IOException e) {
      throw new Rejected(e.getMessage());
    }
  }

  private SegmentScan load(long id, Path path, Manifest.Entry e, SegmentSummary.Loaded summary)
      throws IOException, Rejected {
    Binding b = summary.binding();
    if (b.id() != id || b.length() != e.length() || b.recordCount() != e.recordCount()
        || b.segmentCrc() != e.segmentCrc() || b.generation() != e.generation()) {
      throw new Rejected("it is bound to " + b + ", the manifest lists " + e);
    }
    if (scratch == null) {
      scratch = SequentialReader.newBuffer();
    }
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      if (ch.size() != b.length()) {
        throw new Rejected("the segment is " + ch.size() + " bytes, the summary says " + b.length());
      }
      SequentialReader reader = new SequentialReader(ch, b.recordsEnd(), scratch);
      SegmentHeader header = header(reader, b);
      List<Item> items = compare(reader, header, summary);
      CRC32C crc = reader.finish();
      if ((int) crc.getValue() != b.segmentCrc()) {
        throw new Rejected("the checksum of the segment's records does not match its seal (damage)");
      }
      return scan(id, path, e, header, items, seal(ch, header, b), crc);
    }
  }

  private static SegmentHeader header(SequentialReader reader, Binding b) throws IOException, Rejected {
    SegmentHeader h;
    try {
      h = Format.checkFileHeader(reader.bytes(0, (int) Math.min(Format.FILE_HEADER_SIZE, b.recordsEnd())));
    } catch (BadRecordException x) {
      throw new Rejected("the segment's file header is bad: " + x.getMessage());
    }
    if (h.id() != b.id() || h.salt() != b.salt() || h.generation() != b.generation() || h.version() != b.format()
        || h.version() == Format.VERSION_1) {
      throw new Rejected("the segment's file header " + h + " is not the one the summary is bound to");
    }
    return h;
  }

  /** Walk the summary's entries and the segment's records side by side; decode the entries. */
  private static List<Item> compare(SequentialReader reader, SegmentHeader header, SegmentSummary.Loaded summary)
      throws IOException, Rejected {
    Binding b = summary.binding();
    byte[] bytes = summary.bytes();
    MetaReader in = summary.entries();
    List<Item> items = new ArrayList<>((int) Math.min(b.recordCount(), 1 << 20));
    long at = header.size();
    while (in.remaining() > 0) {
      int p = in.skip(SegmentSummary.ENTRY_HEADER);
      Header h = entryHeader(ByteBuffer.wrap(bytes, p, SegmentSummary.ENTRY_HEADER).slice(), at);
      int m = in.skip(h.metaLength());
      if (at + Format.RECORD_HEADER_SIZE + h.metaLength() > b.recordsEnd()) {
        throw new Rejected("its record at offset " + at + " runs past the seal at " + b.recordsEnd());
      }
      ByteBuffer record = reader.bytes(at, Format.RECORD_HEADER_SIZE + h.metaLength());
      if (!same(record, 0, bytes, p, SegmentSummary.ENTRY_HEADER)
          || !same(record, Format.RECORD_HEADER_SIZE, bytes, m, h.metaLength())) {
        throw new Rejected("the record at offset " + at + " differs from its summary");
      }
      items.add(new Item(at, h, decode(h, bytes, m, at), null));
      at += h.recordLength();
    }
    if (at != b.recordsEnd() || items.size() != b.recordCount()) {
      throw new Rejected("its " + items.size() + " records end at " + at + ", the seal says " + b.recordCount()
          + " ending at " + b.recordsEnd());
    }
    return items;
  }

  /** Tell whether {@code length} bytes of {@code record} from {@code at} equal those of {@code bytes} from {@code from}. */
  private static boolean same(ByteBuffer record, int at, byte[] bytes, int from, int length) {
    return record.slice(at, length).mismatch(ByteBuffer.wrap(bytes, from, length)) < 0;
  }

  private static Header entryHeader(ByteBuffer e, long at) throws Rejected {
    byte type = e.get(4);
    int meta = e.getInt(8);
    int data = e.getInt(12);
    if (e.getInt(0) != Format.RECORD_MAGIC || type < Format.CHECKPOINT || type >= Format.SEAL || meta < 0
        || meta > Format.MAX_META || data < 0 || data > Format.MAX_DATA) {
      throw new Rejected("its entry for offset " + at + " is not a record header");
    }
    return new Header(type, e.get(5), meta, data, e.getLong(16), e.getInt(24));
  }

  private static Object decode(Header h, byte[] bytes, int at, long offset) throws Rejected {
    try {
      return SegmentScanner.decode(h, new MetaReader(bytes, at, h.metaLength()));
    } catch (BadRecordException x) {
      throw new Rejected("its record at offset " + offset + ": " + x.getMessage());
    }
  }

  /** Read and check the seal record, which must repeat the binding's figures and end the file. */
  private static Seal seal(FileChannel ch, SegmentHeader header, Binding b) throws IOException, Rejected {
    SegmentScanner scanner = new SegmentScanner((o, n) -> Segment.readFully(ch, o, n), header, b.length());
    try {
      Item item = scanner.next(b.recordsEnd());
      if (item != null && item.decoded() instanceof Seal seal && seal.recordsEnd() == b.recordsEnd()
          && seal.recordCount() == b.recordCount() && seal.segmentCrc() == b.segmentCrc()
          && b.recordsEnd() + item.length() == b.length()) {
        return seal;
      }
      throw new Rejected("the seal at offset " + b.recordsEnd() + " does not repeat the summary's figures");
    } catch (BadRecordException x) {
      throw new Rejected("the seal at offset " + b.recordsEnd() + " is bad: " + x.getMessage());
    }
  }

  private static SegmentScan scan(long id, Path path, Manifest.Entry e, SegmentHeader header, List<Item> items,
      Seal seal, CRC32C crc) {
    SegmentScan s = new SegmentScan(id, path, e);
    s.header = header;
    s.items.addAll(items);
    s.seal = seal;
    s.foundSeal = seal;
    s.fileSize = e.length();
    s.end = seal.recordsEnd();
    s.crc = seal.segmentCrc();
    s.running = crc;
    s.fromSummary = true;
    return s;
  }
}
