package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class VerificationTest {
  private static final RollbackConfig CONFIG = RollbackConfig.ofDefaults();
  private final CheckpointStore source = InMemoryStores.create();

  /** Write SESSION_START and four more checkpoints to the source store; return their descriptors. */
  private List<Checkpoint> writeSession() {
    SessionRollbackEngine engine = SessionRollback.builder().config(CONFIG).store(source).build();
    Session session = engine.initialize("s-1", Fixtures.metadata(), Map.of("n", 0L));
    for (long i = 1; i <= 4; i++) {
      long n = i;
      session.update(s -> s.with("n", n));
      session.createCheckpoint(CheckpointType.USER_REQUESTED, "step " + i);
    }
    return source.list("s-1", CheckpointQuery.all());
  }

  /** Copy the session into a fresh store, letting the function change or drop (null) each record. */
  private CheckpointStore copy(UnaryOperator<CheckpointRecord> change) {
    CheckpointStore target = InMemoryStores.create();
    for (Checkpoint c : source.list("s-1", CheckpointQuery.all())) {
      CheckpointRecord changed = change.apply(source.read("s-1", c.id()).orElseThrow());
      if (changed != null) {
        target.append(changed);
      }
    }
    return target;
  }

  @Test
  void anUntouchedSessionVerifies() {
    // given
    writeSession();
    // when
    List<Verification.Problem> problems = Verification.of(CONFIG).verifySession(copy(r -> r), "s-1");
    // then
    assertEquals(List.of(), problems);
  }

  @Test
  void aFlippedPayloadByteIsReportedOnThatCheckpointOnly() {
    // given
    Checkpoint third = writeSession().get(2);
    CheckpointStore tampered = copy(r -> {
      if (!r.checkpoint().id().equals(third.id())) {
        return r;
      }
      byte[] bytes = r.payload();
      bytes[bytes.length / 2] ^= 0x01;
      return new CheckpointRecord(r.checkpoint(), bytes);
    });
    // when
    List<Verification.Problem> problems = Verification.of(CONFIG).verifySession(tampered, "s-1");
    // then
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(third.id(), problems.get(0).checkpointId().orElseThrow());
    assertEquals(3, problems.get(0).sequence());
  }

  @Test
  void anAlteredDescriptorBreaksTheChain() {
    // given
    Checkpoint fourth = writeSession().get(3);
    CheckpointStore tampered = copy(r -> {
      Checkpoint c = r.checkpoint();
      return !c.id().equals(fourth.id()) ? r : new CheckpointRecord(new Checkpoint(c.id(), c.sessionId(), c.sequence(),
          c.parentId(), c.type(), "rewritten history", c.createdAt(), c.labels(), c.stateHash(), c.chainHash(),
          c.rawSize(), c.storedSize(), c.compression()), r.payload());
    });
    // when
    List<Verification.Problem> problems = Verification.of(CONFIG).verifySession(tampered, "s-1");
    // then
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).problem().contains("chain hash"), problems.toString());
    assertEquals(fourth.id(), problems.get(0).checkpointId().orElseThrow());
  }

  @Test
  void aMissingCheckpointInTheMiddleIsNamedButAPrunedPrefixIsNot() {
    // given
    List<Checkpoint> written = writeSession();
    CheckpointStore middleLost = copy(r -> r.checkpoint().sequence() == 4 ? null : r);
    CheckpointStore prefixPruned = copy(r -> r.checkpoint().sequence() == 2 ? null : r);
    // when
    List<Verification.Problem> lost = Verification.of(CONFIG).verifySession(middleLost, "s-1");
    List<Verification.Problem> pruned = Verification.of(CONFIG).verifySession(prefixPruned, "s-1");
    // then
    assertEquals(1, lost.size(), lost.toString());
    assertEquals(4, lost.get(0).sequence());
    assertEquals(written.get(3).id(), lost.get(0).checkpointId().orElseThrow());
    assertEquals(List.of(), pruned);
  }
}
