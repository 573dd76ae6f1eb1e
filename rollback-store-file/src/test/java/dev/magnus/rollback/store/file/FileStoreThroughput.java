package dev.magnus.rollback.store.file;

import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Measure the file store against a raw append+force loop on one directory, policy always (a
 * benchmark main, not a test; run it with the test class path and an optional directory argument).
 * Prints appends per second and the ratios of DESIGN.md section 10.
 */
final class FileStoreThroughput {
  private static final int PAYLOAD = 4500;
  private static final int RAW_OPS = 400;
  private static final int ONE_WRITER_OPS = 400;
  private static final int WRITERS = 32;
  private static final int PER_WRITER = 100;
  private static final int REOPEN_CHECKPOINTS = 10_000;

  private FileStoreThroughput() {}

  public static void main(String[] args) throws Exception {
    Path base = Files.createTempDirectory(args.length > 0 ? Path.of(args[0]) : Path.of("."), "throughput");
    try {
      double raw = raw(base.resolve("raw.bin"));
      double one = oneWriter(base.resolve("one"));
      double many = manyWriters(base.resolve("many"));
      double reopenMs = reopen(base.resolve("reopen"));
      System.out.printf("raw append+force:        %8.0f appends/s%n", raw);
      System.out.printf("file store, 1 writer:    %8.0f appends/s  (%.2fx raw; target >= 0.8x)%n", one, one / raw);
      System.out.printf("file store, %d writers:  %8.0f appends/s  (%.1fx one writer; target >= 10x)%n", WRITERS, many,
          many / one);
      System.out.printf("reopen %d checkpoints:  %8.0f ms        (target <= 1000 ms)%n", REOPEN_CHECKPOINTS, reopenMs);
    } finally {
      delete(base);
    }
  }

  private static double raw(Path file) throws IOException {
    ByteBuffer record = ByteBuffer.wrap(Fixtures.payload("raw", 1, PAYLOAD + 300));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      long start = System.nanoTime();
      long at = 0;
      for (int i = 0; i < RAW_OPS; i++) {
        at += ch.write(record.rewind(), at);
        ch.force(false);
      }
      return RAW_OPS / seconds(start);
    }
  }

  private static double oneWriter(Path dir) {
    List<CheckpointRecord> records = new ArrayList<>();
    for (int i = 1; i <= ONE_WRITER_OPS; i++) {
      records.add(Fixtures.record("one", i, PAYLOAD));
    }
    try (CheckpointStore store = FileStores.open(dir)) {
      store.append(Fixtures.record("warm", 1, PAYLOAD));
      long start = System.nanoTime();
      records.forEach(store::append);
      return ONE_WRITER_OPS / seconds(start);
    }
  }

  private static double manyWriters(Path dir) throws Exception {
    try (CheckpointStore store = FileStores.open(dir)) {
      return appendConcurrently(store, WRITERS, PER_WRITER);
    }
  }

  private static double appendConcurrently(CheckpointStore store, int writers, int each) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<List<CheckpointRecord>> work = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      List<CheckpointRecord> mine = new ArrayList<>();
      for (int i = 1; i <= each; i++) {
        mine.add(Fixtures.record("writer-" + w, i, PAYLOAD));
      }
      work.add(mine);
    }
    try {
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (List<CheckpointRecord> mine : work) {
        futures.add(pool.submit(() -> mine.forEach(store::append)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      return writers * (double) each / seconds(start);
    } finally {
      pool.shutdownNow();
    }
  }

  private static double reopen(Path dir) throws Exception {
    try (CheckpointStore store = FileStores.open(dir)) {
      appendConcurrently(store, 50, REOPEN_CHECKPOINTS / 50);
    }
    long start = System.nanoTime();
    try (CheckpointStore store = FileStores.open(dir)) {
      double ms = seconds(start) * 1000;
      if (store.stats().checkpoints() != REOPEN_CHECKPOINTS) {
        throw new IllegalStateException("reopened " + store.stats().checkpoints() + " checkpoints");
      }
      return ms;
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
