package dev.magnus.rollback.bench;

import dev.magnus.rollback.CompressionConfig;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.store.file.FileStores;
import dev.magnus.rollback.store.file.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The figures the comparison measures in every round, each a {@link Cell} that sets up its own
 * fresh resources (engine, store directory, database) under one base directory, measures for the
 * time it is given, and tears down, so the rounds can run the cells in any order.
 *
 * <p>All durable figures use the same base directory (one file system, one disk) and records of the
 * same size: the engine's encoding of the {@link BenchStates.Size#MEDIUM} state (about 4.5 KB).
 * Not thread-safe; one instance per run.
 */
final class Cells {
  /** Concurrent sessions (writer threads) of the chart. */
  static final int[] SESSIONS = {1, 8, 32};
  /** The key prefix of the figures that need the 200,000-checkpoint store. */
  static final String LARGE_REOPEN = "reopen.200000";
  private final Path base;
  private final SessionState state = BenchStates.state("floor", BenchStates.Size.MEDIUM, 0);
  private final byte[] payload;
  private final int storeRecordBytes;
  private final Path reopenDir;
  /** The 200,000-checkpoint store of {@link LargeReopen}; built by the run only when its cells are measured. */
  final Path largeReopenDir;
  /** The PostgreSQL figures' rig, when a server is named ({@code ROLLBACK_JDBC_URL}); else those cells are left out. */
  private final @Nullable JdbcRig pg;
  private int serial;

  /** What a cell measures: a rate (higher is better) or a time (lower is better). */
  enum Unit {
    PER_SECOND("/s"), MILLISECONDS("ms"), BYTES("B"), MICROSECONDS("µs");

    final String label;

    Unit(String label) {
      this.label = label;
    }
  }

  /** One measured figure. */
  record Cell(String key, String label, Unit unit, boolean durable, Measure measure) {}

  /** Set up, measure for {@code nanos}, tear down; return the figure. */
  @FunctionalInterface
  interface Measure {
    double run(long nanos) throws Exception;
  }

  Cells(Path base, int storeRecordBytes, Path reopenDir, @Nullable JdbcRig pg) {
    this.base = base;
    this.pg = pg;
    this.payload = new Floor().encode(state);
    this.storeRecordBytes = storeRecordBytes;
    this.reopenDir = reopenDir;
    this.largeReopenDir = base.resolve("reopen-large");
  }

  int payloadBytes() {
    return payload.length;
  }

  List<Cell> all() {
    List<Cell> cells = new ArrayList<>();
    cells.add(new Cell("floor.snapshot", "floor: Jackson encode + SHA-256, 1 thread", Unit.PER_SECOND, false,
        this::floorSnapshot));
    cells.add(new Cell("floor.rollback", "floor: rollback work (hash + parse + 2 x encode + SHA-256)", Unit.PER_SECOND,
        false, this::floorRollback));
    for (int n : SESSIONS) {
      cells.add(new Cell("memory.checkpoint." + n, "memory store via engine, checkpoint, " + n + " sessions",
          Unit.PER_SECOND, false, nanos -> memory(n, nanos, false)));
    }
    cells.add(new Cell("memory.update.1", "memory store via engine, update one attribute + checkpoint, 1 session",
        Unit.PER_SECOND, false, this::memoryUpdate));
    cells.add(new Cell("memory.rollback.1", "memory store via engine, rollback, 1 session", Unit.PER_SECOND, false,
        nanos -> memory(1, nanos, true)));
    cells.add(new Cell("raw.force.1", "raw append + force loop, 1 writer", Unit.PER_SECOND, true, nanos -> raw(nanos, 0)));
    cells.add(new Cell("raw.prealloc.1", "raw append + force loop into space preallocated 1 MiB ahead, 1 writer",
        Unit.PER_SECOND, true, nanos -> raw(nanos, 1 << 20)));
    for (int n : SESSIONS) {
      cells.add(new Cell("file.checkpoint." + n, "file store (always) via engine, " + n + " sessions",
          Unit.PER_SECOND, true, nanos -> file(n, nanos)));
      cells.add(new Cell("sqlite." + n, "SQLite WAL synchronous=FULL, " + n + " writers", Unit.PER_SECOND, true,
          nanos -> sqlite(n, nanos)));
      cells.add(new Cell("perfile." + n, "file per checkpoint (temp+force+rename+dir force), " + n + " writers",
          Unit.PER_SECOND, true, nanos -> perFile(n, nanos)));
    }
    cells.addAll(oneAndThirtyTwo());
    if (pg != null) {
      cells.addAll(postgres(pg));
    }
    cells.add(new Cell("reopen.10000", "file store: reopen 10,000 checkpoints", Unit.MILLISECONDS, true,
        nanos -> reopen()));
    cells.add(new Cell(LARGE_REOPEN, "file store: reopen 200,000 checkpoints (~1 GB), summaries", Unit.MILLISECONDS,
        true, nanos -> LargeReopen.reopenMillis(largeReopenDir)));
    cells.add(new Cell(LARGE_REOPEN + ".scan", "file store: reopen 200,000 checkpoints (~1 GB), read-only, summaries "
        + "moved aside (scan)", Unit.MILLISECONDS, true, nanos -> LargeReopen.scanMillis(largeReopenDir)));
    return cells;
  }

  /** The file store without retention deletes, and bare group commit with and without the engine: 1 and 32 writers. */
  private List<Cell> oneAndThirtyTwo() {
    List<Cell> cells = new ArrayList<>();
    for (int n : new int[] {1, 32}) {
      cells.add(new Cell("group.raw." + n, "raw group append + force (no engine, no store), " + n + " writers",
          Unit.PER_SECOND, true, nanos -> group(n, nanos, false)));
      cells.add(new Cell("group.engine." + n, "engine on the memory store + raw group append + force, " + n
          + " sessions", Unit.PER_SECOND, true, nanos -> group(n, nanos, true)));
      cells.add(new Cell("file.noprune." + n, "file store (always) via engine, no retention deletes, " + n + " sessions",
          Unit.PER_SECOND, true, nanos -> fileWithoutPruning(n, nanos)));
    }
    return cells;
  }

  /** Raw single-row inserts and the store's appends, 1 and 32 writers, on the named server. */
  private List<Cell> postgres(JdbcRig pg) {
    List<Cell> cells = new ArrayList<>();
    for (int n : new int[] {1, JdbcRig.WRITERS}) {
      cells.add(new Cell("pg.raw." + n, "PostgreSQL raw INSERT + commit (4 KB), " + n + " connections", Unit.PER_SECOND,
          true, nanos -> pg.raw(n, nanos, "raw" + (++serial))));
      cells.add(new Cell("pg.store." + n, "PostgreSQL store append (4 KB), " + n + " sessions", Unit.PER_SECOND, true,
          nanos -> pg.appends(n, nanos, "store" + (++serial))));
    }
    return cells;
  }

  private double floorSnapshot(long nanos) throws Exception {
    Floor floor = new Floor();
    int[] sink = new int[1];
    double rate = Load.rate(1, nanos, (w, n) -> sink[0] += floor.snapshot(state)[0]);
    return rate + (sink[0] & 0);
  }

  private double floorRollback(long nanos) throws Exception {
    Floor floor = new Floor();
    byte[] stored = floor.encode(state);
    int[] sink = new int[1];
    double rate = Load.rate(1, nanos, (w, n) -> sink[0] += floor.rollback(stored, state));
    return rate + (sink[0] & 0);
  }

  private double memory(int sessions, long nanos, boolean rollback) throws Exception {
    try (EngineRig rig = EngineRig.memory(BenchStates.Size.MEDIUM, sessions)) {
      Load.Op op = rollback ? (w, n) -> rig.rollback(w) : (w, n) -> rig.checkpoint(w);
      Load.rate(sessions, nanos / 5, op);
      return Load.rate(sessions, nanos, op);
    }
  }

  /** One attribute changed ({@link BenchStates#changeOne}), then a checkpoint: the loop of issue 19's first row. */
  private double memoryUpdate(long nanos) throws Exception {
    try (EngineRig rig = EngineRig.memory(BenchStates.Size.MEDIUM, 1)) {
      Load.Op op = (w, n) -> rig.changeAndCheckpoint(w, n);
      Load.rate(1, nanos / 5, op);
      return Load.run(1, nanos, 1_000_000L, op);
    }
  }

  private double file(int sessions, long nanos) throws Exception {
    Path dir = fresh("file");
    try (EngineRig rig = EngineRig.file(dir, FsyncPolicy.ALWAYS, BenchStates.Size.MEDIUM, sessions)) {
      Load.rate(sessions, nanos / 5, (w, n) -> rig.checkpoint(w));
      return Load.rate(sessions, nanos, (w, n) -> rig.checkpoint(w));
    } finally {
      TempDirs.delete(dir);
    }
  }

  /**
   * The file store through the engine with retention that never deletes during the run: one force
   * per checkpoint instead of two (under the default retention every checkpoint past the tenth also
   * writes a tombstone, and a delete is forced like an append).
   */
  private double fileWithoutPruning(int sessions, long nanos) throws Exception {
    Path dir = fresh("file-noprune");
    try (EngineRig rig = EngineRig.custom(FileStores.builder(dir).fsync(FsyncPolicy.ALWAYS).open(), 1_000_000,
        CompressionConfig.ofDefaults(), BenchStates.Size.MEDIUM, sessions)) {
      Load.rate(sessions, nanos / 5, (w, n) -> rig.checkpoint(w));
      return Load.rate(sessions, nanos, (w, n) -> rig.checkpoint(w));
    } finally {
      TempDirs.delete(dir);
    }
  }

  private double raw(long nanos, int chunkBytes) throws Exception {
    Path dir = fresh("raw");
    try (RawForceLoop loop = new RawForceLoop(dir.resolve("raw.bin"), storeRecordBytes, chunkBytes)) {
      Load.rate(1, nanos / 5, (w, n) -> loop.append());
      return Load.rate(1, nanos, (w, n) -> loop.append());
    } finally {
      TempDirs.delete(dir);
    }
  }

  /**
   * N threads appending records as long as the file store's through {@link RawGroupForce}, each waiting
   * for its own force; with {@code engine}, each first checkpoints its session on the memory store.
   */
  private double group(int writers, long nanos, boolean engine) throws Exception {
    Path dir = fresh("group");
    byte[] record = new byte[storeRecordBytes];
    new SplittableRandom(writers).nextBytes(record);
    try (RawGroupForce group = new RawGroupForce(dir.resolve("group.bin"));
        EngineRig rig = engine ? EngineRig.memory(BenchStates.Size.MEDIUM, writers) : null) {
      Load.Op op = rig == null ? (w, n) -> group.append(record) : (w, n) -> {
        rig.checkpoint(w);
        group.append(record);
      };
      Load.rate(writers, nanos / 5, op);
      return Load.rate(writers, nanos, op);
    } finally {
      TempDirs.delete(dir);
    }
  }

  private double sqlite(int writers, long nanos) throws Exception {
    Path dir = fresh("sqlite");
    try (SqliteBaseline db = SqliteBaseline.open(dir.resolve("checkpoints.db"))) {
      return sinkRate(db, writers, nanos);
    } finally {
      TempDirs.delete(dir);
    }
  }

  private double perFile(int writers, long nanos) throws Exception {
    Path dir = fresh("perfile");
    try (FilePerCheckpoint files = new FilePerCheckpoint(dir)) {
      return sinkRate(files, writers, nanos);
    } finally {
      TempDirs.delete(dir);
    }
  }

  private double sinkRate(RecordSink sink, int writers, long nanos) throws Exception {
    long[] next = new long[writers];
    Load.Op op = (w, n) -> sink.append(new BenchRecord("w" + w + "-" + next[w], "session-" + w, ++next[w],
        "USER_REQUESTED", payload));
    Load.rate(writers, nanos / 5, op);
    return Load.rate(writers, nanos, op);
  }

  private double reopen() {
    return Extras.reopenMillis(reopenDir);
  }

  private Path fresh(String name) throws IOException {
    return Files.createDirectories(base.resolve(name + "-" + (++serial)));
  }
}
