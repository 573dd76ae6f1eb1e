package dev.magnus.rollback.bench;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import dev.magnus.rollback.store.file.FsyncPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The reopen target of issue 19: a file store of 200,000 checkpoints (1,000 sessions of 200, 5,000-byte
 * random payloads, about 1 GB) opened with a warm page cache, with the summaries of its sealed
 * segments and, for comparison in the same run, without them (a read-only open with the summaries
 * moved aside, which checks every segment record by record as a store without summaries does).
 *
 * <p>The store is built once per run straight through the store API (not the engine) with
 * {@code fsync: none}, which takes about a minute here; it is never built by a test. Descriptors look
 * like the engine's: 64-hex state and chain hashes, a parent, the {@code rollback.encoding} label. Not
 * thread-safe.
 */
final class LargeReopen {
  static final int CHECKPOINTS = 200_000;
  private static final int SESSIONS = 1_000;
  private static final int PAYLOAD = 5_000;
  private static final String SUMMARY = ".summary";

  private LargeReopen() {}

  /** Bytes of the segment files and of their summaries. */
  record Disk(long segmentBytes, long summaryBytes) {}

  /** Write the store and close it; return its size on disk. */
  static Disk build(Path dir) {
    SplittableRandom random = new SplittableRandom(19);
    byte[] payload = new byte[PAYLOAD];
    try (CheckpointStore store = FileStores.builder(dir).fsync(FsyncPolicy.NONE).open()) {
      for (int i = 0; i < CHECKPOINTS; i++) {
        random.nextBytes(payload);
        store.append(new CheckpointRecord(checkpoint(i, random), payload));
      }
    }
    return disk(dir);
  }

  private static Checkpoint checkpoint(int i, SplittableRandom random) {
    long sequence = i / SESSIONS + 1;
    return new Checkpoint(id(i), "session-" + (i % SESSIONS), sequence,
        sequence == 1 ? Optional.empty() : Optional.of(id(i - SESSIONS)),
        sequence == 1 ? CheckpointType.SESSION_START : CheckpointType.AUTO_PERIODIC, "automatic checkpoint",
        Instant.ofEpochSecond(1_700_000_000L + i), Map.of(Checkpoint.ENCODING, Checkpoint.FULL), hex(random),
        hex(random), PAYLOAD, PAYLOAD, Compression.NONE);
  }

  private static CheckpointId id(int i) {
    return CheckpointId.of(String.format("01hq%08d-%012x", i, i * 2_654_435_761L & 0xffffffffffffL));
  }

  private static String hex(SplittableRandom random) {
    return String.format("%016x%016x%016x%016x", random.nextLong(), random.nextLong(), random.nextLong(),
        random.nextLong());
  }

  static Disk disk(Path dir) {
    long segments = 0;
    long summaries = 0;
    for (Path p : files(dir)) {
      String name = p.getFileName().toString();
      long size = size(p);
      if (name.endsWith(".log")) {
        segments += size;
      } else if (name.endsWith(SUMMARY)) {
        summaries += size;
      }
    }
    return new Disk(segments, summaries);
  }

  /** Open the store (writable, as an application would) and return how long the open took, in ms. */
  static double reopenMillis(Path dir) {
    long start = System.nanoTime();
    try (CheckpointStore store = FileStores.open(dir)) {
      double ms = (System.nanoTime() - start) / 1e6;
      check(store, 0);
      return ms;
    }
  }

  /** Open the store read-only with its summaries moved aside (every segment checked record by record). */
  static double scanMillis(Path dir) {
    Path aside = dir.resolveSibling(dir.getFileName() + "-summaries");
    List<Path> moved = move(dir, aside, SUMMARY);
    try {
      long start = System.nanoTime();
      try (CheckpointStore store = FileStores.builder(dir).readOnly().open()) {
        double ms = (System.nanoTime() - start) / 1e6;
        check(store, moved.size());
        return ms;
      }
    } finally {
      move(aside, dir, SUMMARY);
      TempDirs.delete(aside);
    }
  }

  private static void check(CheckpointStore store, long missing) {
    Map<String, Long> extra = store.stats().extra();
    if (store.stats().checkpoints() != CHECKPOINTS || extra.get("summariesMissing") != missing
        || extra.get("summariesRejected") != 0) {
      throw new IllegalStateException("reopened " + store.stats().checkpoints() + " checkpoints, expected "
          + CHECKPOINTS + "; " + extra);
    }
  }

  private static List<Path> move(Path from, Path to, String suffix) {
    List<Path> moved = new ArrayList<>();
    try {
      Files.createDirectories(to);
      for (Path p : files(from)) {
        if (p.getFileName().toString().endsWith(suffix)) {
          moved.add(Files.move(p, to.resolve(p.getFileName())));
        }
      }
      return moved;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> files(Path dir) {
    List<Path> all = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      files.forEach(all::add);
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
