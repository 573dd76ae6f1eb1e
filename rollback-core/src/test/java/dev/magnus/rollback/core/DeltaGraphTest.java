package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** What retention spares so that a kept checkpoint stays restorable, decided from descriptors alone. */
class DeltaGraphTest {
  @Test
  void aKeptDeltaWhoseBasesAreAllStoredKeepsThem() {
    Checkpoint full = full(1, null);
    Checkpoint d2 = delta(2, full);
    Checkpoint d3 = delta(3, d2);

    Retention.Plan plan = new DeltaGraph(List.of(full, d2, d3), List.of(full.id(), d2.id())).spare();

    assertEquals(List.of(), plan.doomed());
    assertEquals(true, plan.spared());
  }

  @Test
  void aKeptDeltaWhoseBasesAreGoneKeepsTheLaterFullSnapshotLinkingBackToIt() {
    // #1 and #2 are deleted already: #3 is restorable only backwards, from #5 through #4
    Checkpoint d3 = delta(3, full(2, null));
    Checkpoint d4 = delta(4, d3);
    Checkpoint f5 = full(5, d4);
    Checkpoint d6 = delta(6, f5);

    Retention.Plan plan = new DeltaGraph(List.of(d3, d4, f5, d6), List.of(d4.id(), f5.id())).spare();

    assertEquals(List.of(), plan.doomed(), "the path back to #3 is kept");
    assertEquals(true, plan.spared());
  }

  @Test
  void aKeptDeltaRestorableBackwardsFromAKeptFullSnapshotSparesNothing() {
    Checkpoint d3 = delta(3, full(2, null));
    Checkpoint f4 = full(4, d3);
    Checkpoint d5 = delta(5, f4);

    Retention.Plan plan = new DeltaGraph(List.of(d3, f4, d5), List.of(d5.id())).spare();

    assertEquals(List.of(d5.id()), plan.doomed());
    assertEquals(false, plan.spared());
  }

  private static Checkpoint full(long sequence, @Nullable Checkpoint base) {
    Map<String, String> labels = new HashMap<>(Map.of(Checkpoint.ENCODING, Checkpoint.FULL));
    if (base != null) {
      labels.put(Checkpoint.BASE, base.id().value());
    }
    return checkpoint(sequence, labels);
  }

  private static Checkpoint delta(long sequence, Checkpoint base) {
    return checkpoint(sequence, Map.of(Checkpoint.ENCODING, Checkpoint.DELTA, Checkpoint.BASE, base.id().value()));
  }

  private static Checkpoint checkpoint(long sequence, Map<String, String> labels) {
    return new Checkpoint(CheckpointId.of(String.format("g%012d", sequence)), "s", sequence, Optional.empty(),
        CheckpointType.USER_REQUESTED, "c" + sequence, Instant.EPOCH, labels, "hash", "chain", 1, 1, Compression.NONE);
  }
}
