package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.T0;
import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class RecentPatchesTest {
  private static final String PARENT_CHAIN = "a".repeat(64);
  private final StateCodec codec = new StateCodec(1 << 24);
  private final DeltaDocument documents = new DeltaDocument(codec);
  private final SessionState base = SessionState.initial("s1", metadata(), Map.of("a", "one", "b", 2L));
  private final SessionState next = base.with("a", "two").withRevision(1);

  @Test
  void aDeltaAppendedIsRecalledForTheSameRecordAndParentChainOnly() {
    RecentPatches recent = new RecentPatches(RecentPatches.BUDGET, documents);
    CheckpointRecord written = appended(recent, "s1", "chain-hash-of-it");

    StatePatch.Delta patch = recent.recall(written, Optional.of(PARENT_CHAIN));
    assertNotNull(patch);
    assertEquals(next, StatePatch.apply(base, patch), "the patch kept is the one the bytes hold");
    assertTrue(patch.ops().stream().noneMatch(op -> op.op().equals("test")), "decoded as a forward replay reads it");
    assertSame(patch, recent.recall(copy(written, written.checkpoint(), written.payload()), Optional.empty()),
        "an equal record read back, its parent no longer stored");

    byte[] damaged = written.payload();
    damaged[damaged.length / 2] ^= 1;
    assertNull(recent.recall(copy(written, written.checkpoint(), damaged), Optional.of(PARENT_CHAIN)), "bytes changed");
    Checkpoint c = written.checkpoint();
    Checkpoint relabelled = new Checkpoint(c.id(), c.sessionId(), c.sequence(), c.parentId(), c.type(), "other",
        c.createdAt(), c.labels(), c.stateHash(), c.chainHash(), c.rawSize(), c.storedSize(), c.compression());
    assertNull(recent.recall(copy(written, relabelled, written.payload()), Optional.of(PARENT_CHAIN)), "descriptor changed");
    assertNull(recent.recall(written, Optional.of("b".repeat(64))), "another parent chain hash");
  }

  @Test
  void entriesGoWithTheirCheckpointsTheirSessionAndBeyondTheBudget() {
    RecentPatches recent = new RecentPatches(RecentPatches.BUDGET, documents);
    CheckpointRecord kept = appended(recent, "s1", "k");
    CheckpointRecord pruned = appended(recent, "s1", "p");
    CheckpointRecord other = appended(recent, "s2", "o");

    recent.drop(List.of(pruned.checkpoint().id(), id()));
    assertNull(recent.recall(pruned, Optional.empty()));
    assertNotNull(recent.recall(kept, Optional.empty()));
    recent.forget("s1");
    assertNull(recent.recall(kept, Optional.empty()));
    assertNotNull(recent.recall(other, Optional.empty()));
    recent.forget("s2");
    assertEquals(0, recent.weight(), "every entry's weight is given back");

    long budget = 64 * 1024;
    RecentPatches small = new RecentPatches(budget, documents);
    List<CheckpointRecord> all = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      all.add(appended(small, "s1", "h" + i));
      assertTrue(small.weight() <= budget, "weight " + small.weight() + " over the budget after " + i);
    }
    long recalled = all.stream().filter(r -> small.recall(r, Optional.empty()) != null).count();
    assertEquals(small.size(), recalled, "every entry left is recallable");
    assertTrue(recalled > 0 && recalled < 500, recalled + " of 500 kept");
  }

  @Test
  void aFullSnapshotAndALargePatchAreNotKept() {
    RecentPatches recent = new RecentPatches(1024, documents);
    CheckpointRecord record = record("s1", "f", codec.encode(next, 1));
    recent.appended(new CheckpointCodec.Encoded(record, null), PARENT_CHAIN);
    assertNull(recent.recall(record, Optional.empty()), "a full snapshot has no patch");
    appended(recent, "s1", "too big for a budget of 1 KiB / 8");
    assertEquals(0, recent.size());
  }

  private CheckpointRecord appended(RecentPatches recent, String session, String chainHash) {
    SessionState from = session.equals(base.sessionId()) ? base : SessionState.initial(session, metadata(), base.attributes());
    SessionState to = from.with("a", "two").withRevision(1);
    byte[] delta = documents.encode(to, 1, from, StatePatch.diff(from, to));
    CheckpointRecord record = record(session, chainHash, delta);
    recent.appended(new CheckpointCodec.Encoded(record, null, null, delta), PARENT_CHAIN);
    return record;
  }

  private static CheckpointRecord record(String session, String chainHash, byte[] payload) {
    Checkpoint c = new Checkpoint(id(), session, ThreadLocalRandom.current().nextLong(1, 1000),
        Optional.of(id()), CheckpointType.USER_REQUESTED, "d", T0,
        Map.of(Checkpoint.ENCODING, Checkpoint.DELTA), "0".repeat(64), chainHash, payload.length, payload.length, Compression.NONE);
    return CheckpointRecord.wrapping(c, payload);
  }

  private static CheckpointId id() {
    return CheckpointId.of("ck-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
  }

  private static CheckpointRecord copy(CheckpointRecord r, Checkpoint c, byte[] payload) {
    return new CheckpointRecord(c, payload);
  }
}
