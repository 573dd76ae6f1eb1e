package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointStatus;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.DeltaConfig;
import dev.magnus.rollback.HistoryQuery;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointQuery;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Delta checkpoints ({@code checkpoint.delta} on, short chains, few checkpoints kept): every checkpoint
 * restores its exact state across full snapshots, retention and a restart; chains stay within
 * {@code maxChain}; one change stores a small delta; damage in a base fails the restore of exactly its
 * dependents, naming the base; retention never leaves a kept checkpoint unrestorable, not even when
 * its deletions fail after the append that made them safe. The dependencies are read from the labels
 * the engine declares; an engine that writes no {@link Checkpoint#ENCODING} label with deltas on has
 * no delta checkpoints, and every case here is skipped for it, saying so.
 */
abstract class EngineDeltaCases extends EngineCases {
  /** The longest run of deltas the cases ask for; an engine may keep its chains shorter. */
  static final int MAX_CHAIN = 3;
  private final Map<CheckpointId, Map<String, Object>> expected = new LinkedHashMap<>();
  private int probes;

  static RollbackConfig deltaConfig(int maxCheckpoints) {
    return config(c -> c.maxCheckpoints(maxCheckpoints).delta(new DeltaConfig(true, MAX_CHAIN, 0.5)));
  }

  /** Initialize {@link #SESSION} with {@code attributes} and remember its first checkpoint's state. */
  private Session start(SessionRollbackEngine engine, Map<String, Object> attributes) {
    Session session = engine.initialize(SESSION, metadata(), attributes);
    remember(stored().get(0), session);
    return session;
  }

  /** Take a checkpoint of the session's state and remember that state as the checkpoint's. */
  private Checkpoint checkpoint(Session session, String description) {
    Checkpoint c = session.createCheckpoint(CheckpointType.USER_REQUESTED, description);
    remember(c, session);
    return c;
  }

  private void remember(Checkpoint c, Session session) {
    expected.put(c.id(), session.getCurrentState().attributes());
  }

  private List<Checkpoint> stored() {
    return store.list(SESSION, CheckpointQuery.all());
  }

  /** Skip the case, saying why, unless the engine declared an encoding for the checkpoints written. */
  private void assumeDeltas() {
    assumeTrue(stored().stream().anyMatch(DeltaStates::declaresEncoding), "the engine wrote no "
        + Checkpoint.ENCODING + " label with checkpoint.delta.enabled: an engine without delta checkpoints");
  }

  /** Assert that every stored checkpoint of the session verifies, as before a restore. */
  private void assertAllIntact(SessionRollbackEngine engine, String when) {
    List<CheckpointStatus> statuses = engine.checkpoints(SESSION, HistoryQuery.all().verified());
    statuses.forEach(s -> assertEquals(CheckpointStatus.Integrity.INTACT, s.integrity(), () -> when + ": checkpoint #"
        + s.checkpoint().sequence() + " " + s.checkpoint().labels() + " " + s.problem().orElse("")));
  }

  /** Assert that a stored checkpoint restores its exact state, by forking a new session from it. */
  private void assertRestores(SessionRollbackEngine engine, Checkpoint c, String when) {
    Session probe = engine.fork(SESSION, c.id(), "delta-probe-" + ++probes);
    assertEquals(expected.get(c.id()), probe.getCurrentState().attributes(), () -> when + ": checkpoint #" + c.sequence()
        + " " + c.labels());
    probe.close();
  }

  private long pinned(RollbackConfig config) {
    return stored().stream().filter(c -> config.checkpoint().pinnedTypes().contains(c.type())).count();
  }

  @Test
  void everyCheckpointOfALongRunRestoresItsExactStateAndNoDeltaChainExceedsMaxChain() {
    // given
    SessionRollbackEngine engine = engine(deltaConfig(1000));
    Session session = start(engine, DeltaStates.attributes(20));
    for (int i = 0; i < 14; i++) {
      int step = i;
      session.update(s -> DeltaStates.step(s, step));
      checkpoint(session, "step " + i);
    }
    assumeDeltas();
    List<Checkpoint> written = stored();
    // when / then
    assertTrue(written.stream().anyMatch(DeltaStates::isDelta), () -> "deltas were written: " + written);
    for (Checkpoint c : written) {
      List<CheckpointId> chain = DeltaChains.chain(written, c);
      assertTrue(chain.size() - 1 <= MAX_CHAIN, () -> "#" + c.sequence() + " leads through " + chain);
      Checkpoint last = written.stream().filter(x -> x.id().equals(chain.get(chain.size() - 1))).findFirst()
          .orElseThrow(() -> new AssertionError("#" + c.sequence() + " leads to a checkpoint not stored: " + chain));
      assertFalse(DeltaStates.isDelta(last), () -> "#" + c.sequence() + "'s chain ends at a full snapshot: " + chain);
    }
    assertAllIntact(engine, "after the run");
    for (Checkpoint c : written) {
      assertEquals(expected.get(c.id()), session.rollbackToCheckpoint(c.id()).restoredState().attributes(),
          () -> "rollback to #" + c.sequence() + " " + c.labels());
      assertEquals(expected.get(c.id()), session.getCurrentState().attributes());
    }
  }

  @Test
  void oneChangedAttributeIsStoredAsADeltaOfAtMostATenthOfTheFullState() {
    // given
    SessionRollbackEngine engine = engine(deltaConfig(100));
    Session session = start(engine, DeltaStates.attributes(60));
    Checkpoint full = stored().get(0);
    session.update(s -> s.with("attr7", "changed"));
    // when
    Checkpoint c = checkpoint(session, "one change");
    // then
    assumeDeltas();
    assertEquals(Optional.of(Checkpoint.DELTA), c.label(Checkpoint.ENCODING), () -> "labels " + c.labels());
    assertEquals(Optional.of(full.id()), c.deltaBase(), "the delta's base is the checkpoint it descends from");
    assertTrue(c.storedSize() * 10 <= full.rawSize(), () -> "one change stored " + c.storedSize()
        + " bytes; the full state encodes to " + full.rawSize());
    assertEquals(expected.get(c.id()), session.rollbackToCheckpoint(c.id()).restoredState().attributes());
  }

  @Test
  void aDamagedBaseFailsTheRestoreOfItsDependentNamingBothAndNotOfACheckpointThatDoesNotNeedIt() {
    // given deltas whose base is a delta, each step adding a note of its own letter that later steps keep
    SessionRollbackEngine engine = engine(deltaConfig(100));
    Map<String, Object> initial = new LinkedHashMap<>(DeltaStates.attributes(20));
    initial.put(DeltaStates.NOTE + 0, DeltaStates.note(0));
    Session session = start(engine, initial);
    Map<CheckpointId, String> notes = new HashMap<>(Map.of(stored().get(0).id(), DeltaStates.note(0)));
    for (int i = 1; i <= 2 * MAX_CHAIN + 2; i++) {
      String key = DeltaStates.NOTE + i;
      String note = DeltaStates.note(i);
      session.update(s -> s.with(key, note));
      notes.put(checkpoint(session, "step " + i).id(), note);
    }
    assumeDeltas();
    List<Checkpoint> live = stored();
    Checkpoint dependent = dependentOfADelta(live);
    CheckpointId base = dependent.deltaBase().orElseThrow();
    Checkpoint other = live.stream().filter(c -> !c.id().equals(base) && !DeltaChains.dependsOn(live, c, base))
        .findFirst().orElseThrow(() -> new AssertionError("every checkpoint depends on " + base + ": " + live));
    store.onRead(r -> r.checkpoint().id().equals(base) ? DeltaStates.alterNote(r, notes.get(base)) : r);
    SessionState before = session.getCurrentState();
    // when
    IntegrityViolationException e = assertThrows(IntegrityViolationException.class,
        () -> session.rollbackToCheckpoint(dependent.id()));
    // then
    assertEquals(Optional.of(base), e.checkpointId(), "the violation names the damaged base");
    assertTrue(e.getMessage().contains(base.value()) && e.getMessage().contains(dependent.id().value()),
        () -> "the message names the base " + base + " and the dependent " + dependent.id() + ": " + e.getMessage());
    assertEquals(before, session.getCurrentState(), "nothing was applied");
    assertEquals(live, stored(), "nothing was written");
    assertTrue(actions(engine, SESSION).contains(AuditAction.INTEGRITY_VIOLATION), "the violation is audited");
    anyFlippedByteOfTheBaseFailsTheRestore(session, dependent, live.stream().filter(c -> c.id().equals(base))
        .findFirst().orElseThrow());
    assertEquals(before, session.getCurrentState(), "nothing was applied");
    assertEquals(expected.get(other.id()), session.rollbackToCheckpoint(other.id()).restoredState().attributes(),
        () -> "#" + other.sequence() + " does not depend on the damaged base");
  }

  /**
   * Flip one byte of the base's payload at a time (up to 400 positions spread over it): each restore of
   * the dependent fails naming the base, even where a forward replay reads nothing.
   */
  private void anyFlippedByteOfTheBaseFailsTheRestore(Session session, Checkpoint dependent, Checkpoint base) {
    int size = (int) base.storedSize();
    for (int at = 0; at < size; at += Math.max(1, size / 400)) {
      int flip = at;
      store.onRead(r -> r.checkpoint().id().equals(base.id()) ? DeltaStates.flipped(r, flip) : r);
      IntegrityViolationException damaged = assertThrows(IntegrityViolationException.class,
          () -> session.rollbackToCheckpoint(dependent.id()), () -> "byte " + flip + " of the base's " + size
              + " flipped: the restore of a checkpoint rebuilt through it must fail");
      assertEquals(Optional.of(base.id()), damaged.checkpointId(), () -> "byte " + flip + ": " + damaged.getMessage());
    }
  }

  /** Return the newest delta whose base is a delta too, else the newest delta, by the labels. */
  private static Checkpoint dependentOfADelta(List<Checkpoint> live) {
    List<Checkpoint> deltas = live.stream().filter(c -> c.deltaBase().isPresent()).toList();
    assertFalse(deltas.isEmpty(), () -> "deltas were written: " + live);
    return deltas.stream().filter(c -> live.stream().anyMatch(b -> b.id().equals(c.deltaBase().get())
        && DeltaStates.isDelta(b))).max(Comparator.comparingLong(Checkpoint::sequence))
        .orElse(deltas.get(deltas.size() - 1));
  }

  @Test
  void retentionAcrossBasesKeepsAtMostMaxCheckpointsAndEveryKeptCheckpointRestorable() {
    // given
    RollbackConfig config = deltaConfig(4);
    SessionRollbackEngine engine = engine(config);
    Session session = start(engine, DeltaStates.attributes(20));
    for (int i = 0; i < 4 * (MAX_CHAIN + 1) + 2; i++) {
      int step = i;
      session.update(s -> DeltaStates.step(s, step));
      // when
      checkpoint(session, "step " + i);
      // then
      assumeDeltas();
      List<Checkpoint> live = stored();
      assertTrue(live.size() <= 4 + pinned(config), () -> "step " + step + " kept " + live.size() + ": " + live);
      assertAllIntact(engine, "step " + i);
      for (Checkpoint kept : live) {
        if (kept.deltaBase().isPresent() && live.stream().noneMatch(b -> b.id().equals(kept.deltaBase().get()))) {
          assertRestores(engine, kept, "step " + i + ", a kept delta whose base was deleted");
        }
      }
    }
    for (Checkpoint kept : stored()) {
      assertRestores(engine, kept, "after the run");
    }
  }

  @Test
  void aCrashBetweenTheFullSnapshotAndTheDeletionsKeepsEveryCheckpointRestorableAndTheNextAppendDeletes() {
    // given a session at its retention limit whose deletions then fail after each append
    RollbackConfig config = deltaConfig(4);
    SessionRollbackEngine engine = engine(config);
    Session session = start(engine, DeltaStates.attributes(20));
    for (int i = 0; i < 6; i++) {
      int step = i;
      session.update(s -> DeltaStates.step(s, step));
      checkpoint(session, "step " + i);
    }
    assumeDeltas();
    store.failDelete(true);
    boolean fullWritten = false;
    for (int i = 6; i < 6 + MAX_CHAIN + 2; i++) {
      int step = i;
      session.update(s -> DeltaStates.step(s, step));
      Checkpoint c = checkpoint(session, "step " + i);
      assertEquals(Optional.of(c.id()), store.latest(SESSION).map(Checkpoint::id), "the append is acknowledged");
      fullWritten |= DeltaStates.isFull(c);
      assertAllIntact(engine, "step " + i + ", deletions failing");
    }
    assertTrue(fullWritten, "a full snapshot was appended while the deletions failed");
    assertTrue(stored().size() > 4 + pinned(config), "the failed deletions left old checkpoints stored");
    for (Checkpoint kept : stored()) {
      assertRestores(engine, kept, "deletions failed");
    }
    // when
    store.heal();
    checkpoint(session, "after the store healed");
    // then
    assertTrue(stored().size() <= 4 + pinned(config), () -> "the next append deleted what was left: " + stored());
    assertAllIntact(engine, "after the cleanup");
    for (Checkpoint kept : stored()) {
      assertRestores(engine, kept, "after the cleanup");
    }
  }

  @Test
  void aResumedSessionRestoresTheNewestStateAndGoesOnWritingDeltasAgainstIt() {
    // given a session whose newest checkpoint is a full snapshot after deltas
    Session session = start(engine(deltaConfig(100)), DeltaStates.attributes(20));
    Checkpoint newest = stored().get(0);
    for (int i = 0; i < 2 * (MAX_CHAIN + 1) && (i == 0 || !DeltaStates.isFull(newest)); i++) {
      int step = i;
      session.update(s -> DeltaStates.step(s, step));
      newest = checkpoint(session, "step " + i);
    }
    assumeDeltas();
    assertTrue(DeltaStates.isFull(newest), "a full snapshot at least every " + (MAX_CHAIN + 1) + " checkpoints");
    // when
    Session resumed = engine(deltaConfig(100)).resume(SESSION);
    // then
    assertEquals(expected.get(newest.id()), resumed.getCurrentState().attributes(), "the newest state");
    resumed.update(s -> s.with("attr3", "after the restart"));
    Checkpoint next = checkpoint(resumed, "after the restart");
    assertEquals(Optional.of(Checkpoint.DELTA), next.label(Checkpoint.ENCODING), () -> "labels " + next.labels());
    assertEquals(Optional.of(newest.id()), next.deltaBase(), "the delta is against the checkpoint resumed from");
    Session again = engine(deltaConfig(100)).resume(SESSION);
    assertEquals(expected.get(next.id()), again.getCurrentState().attributes(), "a second restart reads the delta");
    assertEquals(expected.get(newest.id()), again.rollbackToCheckpoint(newest.id()).restoredState().attributes());
  }
}
