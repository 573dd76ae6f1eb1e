package dev.magnus.rollback.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.SessionState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DeltaCompareTest {

  @Test
  void changeOneChangesExactlyOneSmallAttributeEveryTime() {
    for (BenchStates.Size size : List.of(BenchStates.Size.MEDIUM, BenchStates.Size.LARGE)) {
      // given
      SessionState state = BenchStates.state("s", size, 3);
      for (long n = 0; n < 150; n++) {
        // when
        SessionState next = BenchStates.changeOne(state, size, n);

        // then
        SessionState before = state;
        Set<String> changed = next.attributes().keySet().stream()
            .filter(k -> !next.attributes().get(k).equals(before.attributes().get(k))).collect(Collectors.toSet());
        assertEquals(Set.of(String.format("attr%02d", n % 60)), changed, size + ", change " + n);
        assertEquals(state.attributes().keySet(), next.attributes().keySet());
        state = next;
      }
    }
  }

  @Test
  void theChainRigEndsWithMaxChainDeltasAfterAFullSnapshot() {
    // when
    try (EngineRig rig = DeltaCells.chainRig(BenchStates.Size.MEDIUM)) {
      List<Checkpoint> all = rig.session(0).checkpoints();

      // then
      assertEquals(17, all.size());
      assertEquals(0, DeltaCells.chainLength(all, all.get(0)));
      assertEquals(16, DeltaCells.chainLength(all, all.get(16)));
    }
  }

  @Test
  void storedBytesCountDeltasAndFullSnapshotsApart() {
    // when: retention (maxCheckpoints 10) forces linked full snapshots within 30 checkpoints
    DeltaCells.Bytes b = DeltaCells.bytes(BenchStates.Size.MEDIUM, 10, 30);

    // then
    assertEquals(31, b.deltas() + b.fulls());
    assertTrue(b.fulls() >= 3, b.fulls() + " full snapshots");
    assertTrue(b.fullBytes() / b.fulls() >= b.full(), "a full snapshot stores at least the full state");
    assertTrue(b.deltaRatio() < 0.2, "one change is a small delta: " + b.deltaRatio());
    assertTrue(b.allRatio() > b.deltaRatio(), "full snapshots raise the average");
  }

  @Test
  void targetsTakeRatiosWithinRoundsAndJudgeEachGoal() {
    // given: rounds where deltas are 6x (memory) and 4x (file) faster, and a chain rollback 3x slower
    Report report = new Report(List.of());
    for (double scale : new double[] {1, 2, 0.5}) {
      Map<String, Double> round = new HashMap<>();
      for (int keep : DeltaCells.KEEP) {
        round.put(DeltaCells.throughputKey("memory", false, keep), 100 * scale);
        round.put(DeltaCells.throughputKey("memory", true, keep), 600 * scale);
        round.put(DeltaCells.throughputKey("file", false, keep), 50 * scale);
        round.put(DeltaCells.throughputKey("file", true, keep), 200 * scale);
      }
      for (BenchStates.Size size : List.of(BenchStates.Size.MEDIUM, BenchStates.Size.LARGE)) {
        round.put(DeltaCells.rollbackKey(size, 0), 90 * scale);
        round.put(DeltaCells.rollbackKey(size, 15), 60 * scale);
        round.put(DeltaCells.rollbackKey(size, 16), 30 * scale);
        round.put(DeltaCells.rollbackCostKey("cpu", size, 0), 100 * scale); // a cost: lower is better
        round.put(DeltaCells.rollbackCostKey("cpu", size, 15), 150 * scale);
        round.put(DeltaCells.rollbackCostKey("cpu", size, 16), 250 * scale);
        round.put(DeltaCells.rollbackCostKey("alloc", size, 0), 1000.0);
        round.put(DeltaCells.rollbackCostKey("alloc", size, 15), 1900.0);
        round.put(DeltaCells.rollbackCostKey("alloc", size, 16), 2100.0);
      }
      round.put("heap.session.on", 300.0);
      round.put("heap.state", 200.0);
      report.add(round);
    }
    DeltaCompare.Sizes sizes = new DeltaCompare.Sizes(List.of(new DeltaCells.Bytes("MEDIUM", 10, 1000, 8, 400, 2,
        2000)), 100);

    // when
    Map<String, Report.Target> t = DeltaCompare.targets(report, sizes).stream()
        .collect(Collectors.toMap(Report.Target::what, x -> x));

    // then
    assertEquals(new Report.Target("MEDIUM stored bytes, delta records / full state", "5.0%", "≤ 10%", true),
        t.get("MEDIUM stored bytes, delta records / full state"));
    assertEquals("24.0%", t.get("MEDIUM stored bytes, all records (full snapshots too) / full state").measured());
    Report.Target memory = t.get("LARGE checkpoints/s deltas on / off, memory store, maxCheckpoints 10");
    assertEquals("6.00x", memory.measured());
    assertTrue(memory.met());
    Report.Target file = t.get("LARGE checkpoints/s deltas on / off, file store (always, 1 session), maxCheckpoints 10");
    assertEquals("4.00x", file.measured());
    assertTrue(!file.met());
    Report.Target rollback = t.get("LARGE rollback time, end of a 16-delta chain / full snapshot");
    assertEquals("3.00x", rollback.measured());
    assertTrue(!rollback.met());
    assertEquals("1.50x", t.get("(LARGE, end of a 15-delta chain)").measured());
    Report.Target cpu = t.get("MEDIUM rollback thread CPU, end of a 16-delta chain / full snapshot");
    assertEquals("2.50x", cpu.measured());
    assertTrue(!cpu.met());
    assertTrue(t.get("(MEDIUM thread CPU, end of a 15-delta chain)").met());
    assertEquals("1.90x", t.get("(LARGE allocation, end of a 15-delta chain)").measured());
    assertTrue(!t.get("LARGE rollback allocation, end of a 16-delta chain / full snapshot").met());
    assertEquals("1.50x", t.get("heap of a LARGE session with 10 checkpoints (deltas on) / heap of one SessionState")
        .measured());
    assertEquals("3.00x", t.get("heap of a LARGE session with 10 checkpoints (deltas on) / encoded state bytes")
        .measured());
  }
}
