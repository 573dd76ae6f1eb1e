package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.DeltaConfig;
import dev.magnus.rollback.IntegrityConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
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

  @Test
  void theGapRetentionLeavesBehindARollbackTargetIsNotAProblem() {
    // given: 4 kept; a rollback to #2 appends #5 and #6 while #2 is protected, so #3 and #4 go
    RollbackConfig config = Fixtures.config(c -> c.maxCheckpoints(4));
    Session session = SessionRollback.builder().config(config).store(source).build()
        .initialize("s-1", Fixtures.metadata(), Map.of("n", 0L));
    for (long i = 1; i <= 3; i++) {
      long n = i;
      session.update(s -> s.with("n", n));
      session.createCheckpoint(CheckpointType.USER_REQUESTED, "step " + i);
    }
    session.rollbackToCheckpoint(session.checkpoints().get(1).id());
    // when
    List<Verification.Problem> problems = Verification.of(config).verifySession(source, "s-1");
    // then
    assertEquals(List.of(1L, 2L, 5L, 6L), source.list("s-1", CheckpointQuery.all()).stream()
        .map(Checkpoint::sequence).toList());
    assertEquals(List.of(), problems);
  }

  @Test
  void noStepOfADeltaRunWithRollbacksLeavesAProblemForVerify() {
    // given: deltas on, 4 kept, chains of 3 at most; retention keeps bases and rollback targets past gaps
    RollbackConfig config = Fixtures.config(c -> c.maxCheckpoints(4).delta(new DeltaConfig(true, 3, 0.5)));
    Session session = SessionRollback.builder().config(config).store(source).build()
        .initialize("s-1", Fixtures.metadata(), Map.of("n", 0L));
    SplittableRandom random = new SplittableRandom(18);
    int gaps = 0;
    for (int i = 0; i < 200; i++) {
      // when
      List<Checkpoint> live = session.checkpoints();
      if (random.nextInt(5) == 0) {
        session.rollbackToCheckpoint(live.get(random.nextInt(live.size())).id());
      } else {
        String key = "k" + random.nextInt(8);
        session.update(s -> s.with(key, random.nextInt(4) == 0 ? "x".repeat(2000) : "v" + random.nextInt()));
        session.createCheckpoint(CheckpointType.USER_REQUESTED, "step " + i);
      }
      // then
      List<Checkpoint> now = source.list("s-1", CheckpointQuery.all());
      gaps += now.get(now.size() - 1).sequence() - now.get(1).sequence() + 2 > now.size() ? 1 : 0;
      assertEquals(List.of(), Verification.of(config).verifySession(source, "s-1"), "step " + i);
    }
    assertTrue(gaps > 0, "retention left a gap at least once");
  }

  @Test
  void readGivesTheVerifiedStateOfOneCheckpoint() {
    // given
    Checkpoint third = writeSession().get(2);
    // when
    Verification.Reading reading = Verification.of(CONFIG).read(copy(r -> r), "s-1", third.id()).orElseThrow();
    // then
    Verification.Verified verified = (Verification.Verified) reading;
    assertEquals(third, verified.checkpoint());
    assertEquals(2L, verified.state().attributes().get("n"));
  }

  @Test
  void readOfAFlippedPayloadIsAProblemWithoutAdviceMeantForApiCallers() {
    // given
    Checkpoint third = writeSession().get(2);
    CheckpointStore tampered = copy(r -> r.checkpoint().id().equals(third.id()) ? flipped(r) : r);
    // when
    Verification.Reading reading = Verification.of(CONFIG).read(tampered, "s-1", third.id()).orElseThrow();
    Optional<Verification.Reading> unknown = Verification.of(CONFIG).read(tampered, "s-1",
        dev.magnus.rollback.CheckpointId.of("NOSUCHCHECKPOINT"));
    // then
    Verification.Problem problem = (Verification.Problem) reading;
    assertTrue(problem.problem().startsWith("integrity check failed: "), problem.toString());
    assertFalse(problem.problem().contains("Roll back"), problem.toString());
    assertEquals(Optional.empty(), unknown);
  }

  @Test
  void checkpointsWrittenWithAnHmacKeyAreRecognisedWhenReadWithoutIt() {
    // given
    RollbackConfig keyed = RollbackConfig.custom().integrity(IntegrityConfig.hmacFrom("TEST_KEY")).build();
    SessionRollbackEngine engine = SessionRollback.builder().config(keyed).store(source)
        .environment(Map.of("TEST_KEY", "secret")).build();
    Session session = engine.initialize("s-1", Fixtures.metadata(), Map.of("n", 0L));
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "step");
    // when
    boolean plain = Verification.of(CONFIG).hashedWithAnotherKey(source, "s-1");
    boolean right = Verification.of(keyed, Map.of("TEST_KEY", "secret")).hashedWithAnotherKey(source, "s-1");
    boolean wrong = Verification.of(keyed, Map.of("TEST_KEY", "other")).hashedWithAnotherKey(source, "s-1");
    // then
    assertTrue(plain, "read without the key");
    assertFalse(right, "read with the key it was written with");
    assertTrue(wrong, "read with another key");
  }

  @Test
  void damageIsNotMistakenForAnotherKey() {
    // given: every payload flipped (state hashes fail, chains hold), or every description altered (chains fail)
    writeSession();
    CheckpointStore payloads = copy(VerificationTest::flipped);
    CheckpointStore descriptors = copy(r -> {
      Checkpoint c = r.checkpoint();
      return new CheckpointRecord(new Checkpoint(c.id(), c.sessionId(), c.sequence(), c.parentId(), c.type(),
          "rewritten", c.createdAt(), c.labels(), c.stateHash(), c.chainHash(), c.rawSize(), c.storedSize(),
          c.compression()), r.payload());
    });
    // when
    boolean flippedPayloads = Verification.of(CONFIG).hashedWithAnotherKey(payloads, "s-1");
    boolean alteredDescriptors = Verification.of(CONFIG).hashedWithAnotherKey(descriptors, "s-1");
    // then
    assertFalse(flippedPayloads);
    assertFalse(alteredDescriptors);
  }

  private static CheckpointRecord flipped(CheckpointRecord r) {
    byte[] bytes = r.payload();
    bytes[bytes.length / 2] ^= 0x01;
    return new CheckpointRecord(r.checkpoint(), bytes);
  }
}
