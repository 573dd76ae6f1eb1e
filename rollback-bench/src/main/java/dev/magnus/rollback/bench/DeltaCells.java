package dev.magnus.rollback.bench;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.DeltaConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import dev.magnus.rollback.store.file.FsyncPolicy;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The figures of the delta-checkpoint comparison ({@link DeltaCompare}), as {@link Cells.Cell}s that
 * set up their own engine and store, measure and tear down, so that the rounds can interleave them.
 *
 * <p>Every checkpoint follows a change of one small attribute ({@link BenchStates#changeOne}). The
 * engine runs with the default configuration apart from {@code checkpoint.delta} (and, where a key
 * says so, {@code maxCheckpoints}); deltas on means {@link DeltaConfig#on()}: at most 16 deltas in a
 * row, a full snapshot when a delta exceeds half the full state. Not thread-safe.
 */
final class DeltaCells {
  /** {@code maxCheckpoints} of the default configuration, and the larger value measured beside it. */
  static final int[] KEEP = {10, 100};
  /** Checkpoints of the session whose heap is measured, SESSION_START included. */
  static final int HEAP_CHECKPOINTS = 10;
  /** The default {@code maxChain}: deltas in a row at most. */
  static final int MAX_CHAIN = DeltaConfig.on().maxChain();
  private static final long SECOND_RUN = 1_000_000_000L;
  private final Path base;
  private int serial;

  DeltaCells(Path base) {
    this.base = base;
  }

  /** Stored bytes of the checkpoints one session wrote: full state, deltas and full snapshots apart. */
  record Bytes(String state, int keep, long full, int deltas, long deltaBytes, int fulls, long fullBytes) {
    /** @return a delta record's stored bytes, on average, over the full state's */
    double deltaRatio() {
      return deltaBytes / (double) deltas / full;
    }

    /** @return a record's stored bytes, on average over every record written, over the full state's */
    double allRatio() {
      return (deltaBytes + fullBytes) / (double) (deltas + fulls) / full;
    }
  }

  /**
   * Return the engine configuration: the defaults with deltas on or off and a {@code maxCheckpoints}.
   *
   * @param delta deltas on
   * @param keep {@code maxCheckpoints}
   * @return the configuration
   */
  static RollbackConfig config(boolean delta, int keep) {
    return RollbackConfig.custom().checkpoint(CheckpointConfig.custom().maxCheckpoints(keep)
        .delta(delta ? DeltaConfig.on() : DeltaConfig.ofDefaults()).build()).build();
  }

  static String throughputKey(String store, boolean delta, int keep) {
    return "large." + store + "." + (delta ? "on" : "off") + "." + keep;
  }

  /**
   * Return the key of a rollback figure.
   *
   * @param size the state size
   * @param deltas how many deltas lead from the full snapshot to the target: 0 (the full snapshot
   *     itself), {@link #MAX_CHAIN} (a maximal chain) or one less
   * @return the key
   */
  static String rollbackKey(BenchStates.Size size, int deltas) {
    return "rollback." + size + "." + deltas;
  }

  /**
   * Return the key of a load-independent rollback figure: thread CPU time ({@code cpu}) or bytes
   * allocated ({@code alloc}) per rollback, measured by the rolling-back thread.
   */
  static String rollbackCostKey(String what, BenchStates.Size size, int deltas) {
    return "rollback." + what + "." + size + "." + deltas;
  }

  List<Cells.Cell> all() {
    List<Cells.Cell> cells = new ArrayList<>();
    for (int keep : KEEP) {
      for (String store : List.of("memory", "file")) {
        for (boolean delta : new boolean[] {false, true}) {
          cells.add(new Cells.Cell(throughputKey(store, delta, keep), Report.f("LARGE checkpoint, %s, deltas %s, "
              + "maxCheckpoints %d", store.equals("file") ? "file store (always)" : "memory store", delta ? "on" : "off",
              keep), Cells.Unit.PER_SECOND, store.equals("file"), nanos -> throughput(store, delta, keep, nanos)));
        }
      }
    }
    for (BenchStates.Size size : List.of(BenchStates.Size.MEDIUM, BenchStates.Size.LARGE)) {
      for (int deltas : new int[] {0, MAX_CHAIN - 1, MAX_CHAIN}) {
        cells.add(new Cells.Cell(rollbackKey(size, deltas), Report.f("%s rollback to %s, memory store, deltas on",
            size, deltas == 0 ? "a full snapshot" : "the end of a " + deltas + "-delta chain"), Cells.Unit.PER_SECOND,
            false, nanos -> rollback(size, deltas, nanos)));
      }
    }
    for (BenchStates.Size size : List.of(BenchStates.Size.MEDIUM, BenchStates.Size.LARGE)) {
      for (int deltas : new int[] {0, MAX_CHAIN - 1, MAX_CHAIN}) {
        String target = deltas == 0 ? "a full snapshot" : "the end of a " + deltas + "-delta chain";
        cells.add(new Cells.Cell(rollbackCostKey("cpu", size, deltas), Report.f("%s rollback to %s, thread CPU per "
            + "rollback", size, target), Cells.Unit.MICROSECONDS, false, nanos -> rollbackCost(size, deltas, nanos)
            .cpuNanos() / 1e3));
        cells.add(new Cells.Cell(rollbackCostKey("alloc", size, deltas), Report.f("%s rollback to %s, bytes allocated "
            + "per rollback", size, target), Cells.Unit.BYTES, false, nanos -> rollbackCost(size, deltas, nanos)
            .bytes()));
      }
    }
    cells.add(new Cells.Cell("heap.session.on", "heap held by a LARGE session with 10 checkpoints, deltas on",
        Cells.Unit.BYTES, false, nanos -> sessionHeap(true)));
    cells.add(new Cells.Cell("heap.session.off", "heap held by a LARGE session with 10 checkpoints, deltas off",
        Cells.Unit.BYTES, false, nanos -> sessionHeap(false)));
    cells.add(new Cells.Cell("heap.state", "heap held by one LARGE SessionState", Cells.Unit.BYTES, false,
        nanos -> stateHeap()));
    return cells;
  }

  private double throughput(String store, boolean delta, int keep, long nanos) throws Exception {
    Path dir = store.equals("file") ? Files.createDirectories(base.resolve("file-" + (++serial))) : null;
    CheckpointStore s = dir == null ? InMemoryStores.create() : FileStores.builder(dir).fsync(FsyncPolicy.ALWAYS).open();
    try (EngineRig rig = EngineRig.configured(s, config(delta, keep), BenchStates.Size.LARGE, 1)) {
      Load.Op op = (w, n) -> rig.changeAndCheckpoint(w, n);
      Load.rate(1, nanos / 5, op);
      return Load.run(1, nanos, SECOND_RUN, op); // new changes, not those of the warm-up again
    } finally {
      if (dir != null) {
        TempDirs.delete(dir);
      }
    }
  }

  /**
   * Open a memory-store rig whose one session holds SESSION_START (a full snapshot) and then
   * {@code maxChain} deltas, each after one change; USER_REQUESTED is pinned besides SESSION_START,
   * so retention keeps the chain while the rollbacks' own checkpoints come and go.
   *
   * @param size the state size
   * @return the rig; its session's newest checkpoint ends the chain
   */
  static EngineRig chainRig(BenchStates.Size size) {
    CheckpointConfig c = CheckpointConfig.custom().delta(DeltaConfig.on())
        .pinnedTypes(Set.of(CheckpointType.SESSION_START, CheckpointType.USER_REQUESTED)).build();
    EngineRig rig = EngineRig.configured(InMemoryStores.create(), RollbackConfig.custom().checkpoint(c).build(), size, 1);
    try {
      for (int n = 0; n < MAX_CHAIN; n++) {
        rig.changeAndCheckpoint(0, n);
      }
      return rig;
    } catch (RuntimeException e) {
      rig.close();
      throw e;
    }
  }

  /**
   * Count the deltas between a checkpoint and the full snapshot it is rebuilt from.
   *
   * @param all the session's checkpoints
   * @param c one of them
   * @return 0 for a full snapshot
   */
  static int chainLength(List<Checkpoint> all, Checkpoint c) {
    Map<CheckpointId, Checkpoint> byId = new HashMap<>();
    all.forEach(x -> byId.put(x.id(), x));
    int n = 0;
    for (Optional<CheckpointId> b = c.deltaBase(); b.isPresent(); n++) {
      Checkpoint next = byId.get(b.get());
      if (next == null) {
        throw new IllegalStateException("the base " + b.get() + " of a delta in the chain of " + c.id() + " is gone");
      }
      b = next.deltaBase();
    }
    return n;
  }

  /** Roll back, again and again, to the checkpoint {@code deltas} deltas after SESSION_START. */
  private static double rollback(BenchStates.Size size, int deltas, long nanos) throws Exception {
    try (EngineRig rig = chainRig(size)) {
      List<Checkpoint> all = rig.session(0).checkpoints();
      Checkpoint target = all.get(deltas);
      if (chainLength(all, target) != deltas) {
        throw new IllegalStateException("the rollback target " + target.id() + " has " + chainLength(all, target)
            + " deltas before it, expected " + deltas);
      }
      Load.Op op = (w, n) -> rig.session(w).rollbackToCheckpoint(target.id());
      Load.rate(1, nanos / 5, op);
      return Load.rate(1, nanos, op);
    }
  }

  /**
   * Roll back, again and again, to the checkpoint {@code deltas} deltas after SESSION_START, measuring
   * the thread's CPU time and allocation per rollback ({@link CpuCompare#measure}): figures that do not
   * depend on what else the machine runs, unlike the rate.
   */
  private static CpuCompare.Cost rollbackCost(BenchStates.Size size, int deltas, long nanos) {
    try (EngineRig rig = chainRig(size)) {
      Checkpoint target = rig.session(0).checkpoints().get(deltas);
      return CpuCompare.measure(n -> rig.session(0).rollbackToCheckpoint(target.id()), nanos);
    }
  }

  /**
   * Return the heap retained by one LARGE session with {@link #HEAP_CHECKPOINTS} checkpoints on the
   * memory store (records, descriptors, the session's state and head, its audit entries), by
   * difference; a first session is set up and checkpointed before, so the engine's one-time
   * structures are not counted.
   */
  private static double sessionHeap(boolean delta) throws InterruptedException {
    try (EngineRig rig = EngineRig.configured(InMemoryStores.create(), config(delta, 10), BenchStates.Size.LARGE, 1)) {
      rig.changeAndCheckpoint(0, 0);
      long before = Extras.usedAfterGc();
      int s = rig.add();
      for (int n = 1; n < HEAP_CHECKPOINTS; n++) {
        rig.changeAndCheckpoint(s, n);
      }
      long after = Extras.usedAfterGc();
      int count = rig.session(s).checkpoints().size();
      if (count != HEAP_CHECKPOINTS) {
        throw new IllegalStateException("the session holds " + count + " checkpoints, expected " + HEAP_CHECKPOINTS);
      }
      return after - before;
    }
  }

  private static double stateHeap() throws InterruptedException {
    long before = Extras.usedAfterGc();
    SessionState state = BenchStates.state("heap", BenchStates.Size.LARGE, 0);
    long after = Extras.usedAfterGc();
    Reference.reachabilityFence(state);
    return after - before;
  }

  /**
   * Write SESSION_START and {@code checkpoints} changed checkpoints of one session with deltas on and
   * add up what they store; the full state's stored bytes come from a checkpoint with deltas off.
   *
   * @param size the state size
   * @param keep {@code maxCheckpoints}
   * @param checkpoints checkpoints after SESSION_START
   * @return the sums
   */
  static Bytes bytes(BenchStates.Size size, int keep, int checkpoints) {
    long full;
    try (EngineRig off = EngineRig.configured(InMemoryStores.create(), config(false, keep), size, 1)) {
      full = off.changeAndCheckpoint(0, 1).storedSize();
    }
    try (EngineRig rig = EngineRig.configured(InMemoryStores.create(), config(true, keep), size, 1)) {
      List<Checkpoint> written = new ArrayList<>(List.of(rig.session(0).checkpoints().get(0)));
      for (int n = 1; n <= checkpoints; n++) {
        written.add(rig.changeAndCheckpoint(0, n));
      }
      int deltas = 0;
      long deltaBytes = 0;
      long fullBytes = 0;
      for (Checkpoint c : written) {
        boolean isDelta = c.deltaBase().isPresent();
        deltas += isDelta ? 1 : 0;
        deltaBytes += isDelta ? c.storedSize() : 0;
        fullBytes += isDelta ? 0 : c.storedSize();
      }
      return new Bytes(size.name(), keep, full, deltas, deltaBytes, written.size() - deltas, fullBytes);
    }
  }
}
