package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.T0;
import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.DeltaConfig;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.InjectingStore;
import dev.magnus.rollback.tck.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeltaCheckpointTest {
  private final CheckpointStore inner = InMemoryStores.create();
  private final InjectingStore store = InjectingStore.view(inner);
  private final ManualClock clock = new ManualClock(T0);

  private RollbackConfig config(int maxCheckpoints, int maxChain) {
    return Fixtures.config(c -> c.maxCheckpoints(maxCheckpoints).delta(new DeltaConfig(true, maxChain, 0.5)));
  }

  private SessionRollbackEngine engine(int maxCheckpoints, int maxChain) {
    return Fixtures.engine(store, clock, config(maxCheckpoints, maxChain));
  }

  private static Map<String, Object> attributes(int n) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      attributes.put("attr" + i, "value number " + i + " of a medium-sized state, long enough to matter");
    }
    attributes.put("history", List.of(Map.of("turn", 0, "text", "hello")));
    return attributes;
  }

  @Test
  void aCheckpointAfterOneChangeStoresASmallDeltaAgainstItsParent() {
    SessionRollbackEngine engine = engine(10, 16);
    Session session = engine.initialize("s1", metadata(), attributes(60));
    Checkpoint start = session.checkpoints().get(0);
    session.update(s -> s.with("attr7", "changed"));

    Checkpoint c = session.createCheckpoint(CheckpointType.USER_REQUESTED, "one change");

    assertEquals(Optional.of(Checkpoint.FULL), start.label(Checkpoint.ENCODING));
    assertEquals(Optional.of(Checkpoint.DELTA), c.label(Checkpoint.ENCODING));
    assertEquals(Optional.of(start.id()), c.deltaBase());
    assertTrue(c.storedSize() * 10 < start.rawSize(), c.storedSize() + " bytes stored against " + start.rawSize());
    AuditEntry created = engine.getAuditLog().entries("s1").stream()
        .filter(e -> e.action() == AuditAction.CHECKPOINT_CREATED).reduce((a, b) -> b).orElseThrow();
    assertEquals("delta", created.details().get("encoding"));
    assertEquals(start.id().value(), created.details().get("base"));
  }

  @Test
  void everyCheckpointOfALongRunRestoresItsExactStateAcrossFullSnapshotsAndResume() {
    SessionRollbackEngine engine = engine(1000, 4);
    Session session = engine.initialize("s1", metadata(), attributes(20));
    SplittableRandom random = new SplittableRandom(7);
    Map<CheckpointId, SessionState> expected = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      session.update(s -> mutate(s, random));
      Checkpoint c = session.createCheckpoint(CheckpointType.USER_REQUESTED, "step " + i);
      expected.put(c.id(), session.getCurrentState());
    }
    List<Checkpoint> all = session.checkpoints();
    long deltas = all.stream().filter(c -> c.deltaBase().isPresent()).count();
    assertTrue(deltas >= 25, deltas + " deltas among " + all.size());
    assertTrue(all.stream().allMatch(c -> chainLength(c, all) <= 4), "no chain longer than maxChain");
    engine.close();

    Session resumed = Fixtures.engine(InjectingStore.view(inner), clock, config(1000, 4)).resume("s1");
    assertEquals(expected.values().stream().reduce((a, b) -> b).orElseThrow(), resumed.getCurrentState());
    for (Map.Entry<CheckpointId, SessionState> e : expected.entrySet()) {
      SessionState restored = resumed.rollbackToCheckpoint(e.getKey()).restoredState();
      assertEquals(e.getValue().attributes(), restored.attributes());
      assertEquals(e.getValue().metadata(), restored.metadata());
    }
  }

  @Test
  void aDamagedBaseFailsTheRestoreOfItsDependentsNamingTheBase() {
    Session session = engine(100, 16).initialize("s1", metadata(), attributes(10));
    session.update(s -> s.with("attr1", "x"));
    Checkpoint base = session.createCheckpoint(CheckpointType.USER_REQUESTED, "base");
    session.update(s -> s.with("attr2", "y"));
    Checkpoint dependent = session.createCheckpoint(CheckpointType.USER_REQUESTED, "dependent");
    session.update(s -> s.with("attr3", "z"));
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "head");
    store.onRead(r -> r.checkpoint().id().equals(base.id()) ? flipped(r) : r);

    IntegrityViolationException e = assertThrows(IntegrityViolationException.class,
        () -> session.rollbackToCheckpoint(dependent.id()));

    assertEquals(Optional.of(base.id()), e.checkpointId());
    assertTrue(e.getMessage().contains(dependent.id().value()) && e.getMessage().contains(base.id().value()),
        e.getMessage());
    assertEquals("z", session.getCurrentState().get("attr3").orElseThrow(), "nothing was applied");
  }

  @Test
  void retentionKeepsMaxCheckpointsAndEveryKeptOneStaysRestorable() {
    SessionRollbackEngine engine = engine(4, 16);
    Session session = engine.initialize("s1", metadata(), attributes(30));
    Map<CheckpointId, SessionState> expected = new HashMap<>();
    Verification verification = Verification.of(config(4, 16), Map.of());
    int rebuiltBackwards = 0;
    for (int i = 0; i < 30; i++) {
      int n = i;
      session.update(s -> s.with("attr" + (n % 30), "round " + n));
      Checkpoint c = session.createCheckpoint(CheckpointType.USER_REQUESTED, "step " + i);
      expected.put(c.id(), session.getCurrentState());
      List<Checkpoint> live = session.checkpoints();
      assertTrue(live.size() <= 4, live.size() + " live after step " + i);
      for (Checkpoint k : live) {
        Verification.Reading reading = verification.read(inner, "s1", k.id()).orElseThrow();
        assertTrue(reading instanceof Verification.Verified, "step " + i + ", checkpoint #" + k.sequence() + ": " + reading);
        if (expected.containsKey(k.id())) {
          assertEquals(expected.get(k.id()).attributes(), ((Verification.Verified) reading).state().attributes());
        }
        if (k.deltaBase().isPresent() && live.stream().noneMatch(b -> b.id().equals(k.deltaBase().get()))) {
          rebuiltBackwards++;
        }
      }
    }
    assertTrue(rebuiltBackwards > 0, "some kept delta had its base deleted and was rebuilt from a later snapshot");
    List<Checkpoint> live = session.checkpoints();
    assertTrue(live.stream().filter(c -> c.deltaBase().isPresent()).count() >= 1, "deltas were kept: " + live);
    Checkpoint oldest = live.get(1);
    assertEquals(expected.get(oldest.id()).attributes(),
        session.rollbackToCheckpoint(oldest.id()).restoredState().attributes());
  }

  @Test
  void exportImportRenameAndCopyCarryDeltaSessionsAndEveryCheckpointStillVerifies() throws Exception {
    SessionRollbackEngine engine = engine(4, 3);
    Session session = engine.initialize("s1", metadata(), attributes(30));
    Map<Long, SessionState> bySequence = new HashMap<>();
    for (int i = 0; i < 12; i++) {
      int n = i;
      session.update(s -> s.with("attr" + n, "changed " + n));
      bySequence.put(session.createCheckpoint(CheckpointType.USER_REQUESTED, "step " + i).sequence(),
          session.getCurrentState());
    }
    SessionTransfer transfer = SessionTransfer.of(config(4, 3), Map.of());
    java.io.StringWriter out = new java.io.StringWriter();
    transfer.export(inner, List.of("s1"), out, null);
    CheckpointStore imported = InMemoryStores.create();
    CheckpointStore copied = InMemoryStores.create();

    transfer.importFrom(new java.io.BufferedReader(new java.io.StringReader(out.toString())), imported, false);
    SessionTransfer.Imported renamed = transfer.importFrom(
        new java.io.BufferedReader(new java.io.StringReader(out.toString())), imported, true);
    transfer.copy(inner, copied);

    Verification verification = Verification.of(config(4, 3), Map.of());
    for (CheckpointStore target : List.of(imported, copied)) {
      for (String id : List.of("s1", renamed.sessions().get("s1"))) {
        if (target == copied && !id.equals("s1")) {
          continue;
        }
        List<Checkpoint> live = target.list(id, dev.magnus.rollback.spi.CheckpointQuery.all());
        assertEquals(inner.list("s1", dev.magnus.rollback.spi.CheckpointQuery.all()).size(), live.size());
        for (Checkpoint c : live) {
          Verification.Reading reading = verification.read(target, id, c.id()).orElseThrow();
          assertTrue(reading instanceof Verification.Verified, id + " #" + c.sequence() + ": " + reading);
          if (bySequence.containsKey(c.sequence())) {
            assertEquals(bySequence.get(c.sequence()).attributes(), ((Verification.Verified) reading).state().attributes());
          }
        }
      }
    }
  }

  @Test
  void aChainReadBackAsAppendedSkipsNoCheckWhenARecordChangedSince() {
    Session session = engine(100, 16).initialize("s1", metadata(), attributes(10));
    Checkpoint end = chainOfThree(session);
    SessionState atEnd = session.getCurrentState();
    Checkpoint middle = session.checkpoints().get(2);
    assertEquals(Optional.of(Checkpoint.DELTA), middle.label(Checkpoint.ENCODING));
    session.update(s -> s.with("attr9", "after"));
    assertEquals(atEnd.attributes(), session.rollbackToCheckpoint(end.id()).restoredState().attributes(),
        "read back as appended: the kept patches rebuild the state");

    // the descriptor altered, its payload intact: only the chain hash can tell
    store.onRead(r -> r.checkpoint().id().equals(middle.id()) ? described(r, "altered") : r);
    IntegrityViolationException altered = assertThrows(IntegrityViolationException.class,
        () -> session.rollbackToCheckpoint(end.id()));
    assertEquals(Optional.of(middle.id()), altered.checkpointId(), altered.getMessage());
    assertTrue(altered.getMessage().contains("chain hash"), altered.getMessage());

    // the payload damaged anywhere, its descriptor intact: even in what a forward replay does not read
    // (the values the patch replaced), the checksum tells
    for (int i = 0; i < middle.storedSize(); i++) {
      int at = i;
      store.onRead(r -> r.checkpoint().id().equals(middle.id()) ? flipped(r, at) : r);
      IntegrityViolationException damaged = assertThrows(IntegrityViolationException.class,
          () -> session.rollbackToCheckpoint(end.id()), "byte " + at + " of " + middle.storedSize() + " flipped");
      assertEquals(Optional.of(middle.id()), damaged.checkpointId(), damaged.getMessage());
    }

    store.onRead(r -> r);
    assertEquals(atEnd.attributes(), session.rollbackToCheckpoint(end.id()).restoredState().attributes());
  }

  @Test
  void aRollbackToTheEndOfAMaximalChainWritesItsRecoveryPointAsADeltaOnThePreRollbackWhenTheChainsPatchIsTooBig() {
    Session session = engine(100, 3).initialize("s1", metadata(), attributes(40));
    Checkpoint end = null;
    for (int i = 0; i < 3; i++) { // a small change, then two big ones: redoing those is over maxRatio
      int n = i;
      String big = n == 0 ? "" : " " + "x".repeat(2_500);
      session.update(s -> s.with("attr" + n, "changed " + n + big));
      end = session.createCheckpoint(CheckpointType.USER_REQUESTED, "delta " + i);
    }
    Checkpoint target = Objects.requireNonNull(end);
    SessionState atEnd = session.getCurrentState();
    session.update(s -> s.with("attr9", "after"));

    RollbackResult result = session.rollbackToCheckpoint(target.id());

    assertEquals(3, chainLength(target, session.checkpoints()), "the target ends a chain of maxChain deltas");
    Checkpoint recoveryPoint = result.recoveryPoint();
    assertEquals(Optional.of(result.preRollback().id()), recoveryPoint.deltaBase(),
        "one small change to undo, two big ones to redo: a delta on the PRE_ROLLBACK: " + recoveryPoint);
    assertEquals(Optional.of(target.id()), recoveryPoint.parentId(), "whose parent is still the target");
    rollsBackTo(session, recoveryPoint, atEnd);
  }

  @Test
  void aRollbackToTheEndOfAMaximalChainWritesItsRecoveryPointAsADeltaOnTheChainRecordThatLeavesRoomWhenThatPatchFits() {
    Session session = engine(100, 3).initialize("s1", metadata(), attributes(40));
    Checkpoint end = chainOfThree(session);
    Checkpoint firstDelta = session.checkpoints().get(1); // maxChain - 2 = 1 delta from the full snapshot
    SessionState atEnd = session.getCurrentState();
    session.update(s -> s.with("attr10", "x").with("attr11", "y").with("attr12", "z").with("attr13", "w"));

    Checkpoint recoveryPoint = session.rollbackToCheckpoint(end.id()).recoveryPoint();

    assertEquals(1, chainLength(firstDelta, session.checkpoints()));
    assertEquals(Optional.of(firstDelta.id()), recoveryPoint.deltaBase(), "two small changes to redo: a delta on "
        + "the record of the target's chain that leaves room for one more, which retention keeps: " + recoveryPoint);
    assertEquals(2, chainLength(recoveryPoint, session.checkpoints()));
    Checkpoint next = session.createCheckpoint(CheckpointType.USER_REQUESTED, "after the rollback");
    assertEquals(Optional.of(recoveryPoint.id()), next.deltaBase(), "the next checkpoint is still a delta");
    assertEquals(Optional.of(end.id()), recoveryPoint.parentId(), "whose parent is still the target");
    rollsBackTo(session, recoveryPoint, atEnd);
  }

  private static Checkpoint chainOfThree(Session session) {
    Checkpoint end = null;
    for (int i = 0; i < 3; i++) {
      int n = i;
      session.update(s -> s.with("attr" + n, "changed " + n));
      end = session.createCheckpoint(CheckpointType.USER_REQUESTED, "delta " + i);
    }
    return Objects.requireNonNull(end);
  }

  private void rollsBackTo(Session session, Checkpoint recoveryPoint, SessionState expected) {
    session.update(s -> s.with("attr9", "later"));
    session.rollbackToCheckpoint(recoveryPoint.id());
    assertEquals(expected.attributes(), session.getCurrentState().attributes());
    Verification verification = Verification.of(config(100, 3), Map.of());
    assertEquals(List.of(), verification.verifySession(inner, "s1"));
  }

  private static int chainLength(Checkpoint c, List<Checkpoint> all) {
    int n = 0;
    Checkpoint current = c;
    while (current.deltaBase().isPresent()) {
      CheckpointId base = current.deltaBase().get();
      current = all.stream().filter(x -> x.id().equals(base)).findFirst().orElseThrow();
      n++;
    }
    return n;
  }

  private static CheckpointRecord described(CheckpointRecord r, String description) {
    Checkpoint c = r.checkpoint();
    return new CheckpointRecord(new Checkpoint(c.id(), c.sessionId(), c.sequence(), c.parentId(), c.type(), description,
        c.createdAt(), c.labels(), c.stateHash(), c.chainHash(), c.rawSize(), c.storedSize(), c.compression()),
        r.payload());
  }

  private static CheckpointRecord flipped(CheckpointRecord r) {
    return flipped(r, r.payloadLength() / 2);
  }

  private static CheckpointRecord flipped(CheckpointRecord r, int at) {
    byte[] payload = r.payload();
    payload[at] ^= 0x20;
    return new CheckpointRecord(r.checkpoint(), payload);
  }

  private static SessionState mutate(SessionState s, SplittableRandom random) {
    int kind = random.nextInt(6);
    String key = "attr" + random.nextInt(25);
    switch (kind) {
      case 0: return s.with(key, null);
      case 1: return s.without(key);
      case 2: return s.with(key, Map.of("nested", List.of(1L, 2.5, "x"), "flag", random.nextBoolean()));
      case 3: {
        List<Object> history = new ArrayList<>((List<?>) s.get("history").orElse(List.of()));
        history.add(Map.of("turn", (long) history.size(), "text", "message " + random.nextInt()));
        return s.with("history", history);
      }
      case 4: return s.with("a/b~c", random.nextLong());
      default: return s.with(key, "text " + random.nextInt(1000));
    }
  }

  @Test
  void fullSnapshotsOfALargeStateAreDeflatedFromReusedPiecesAndEveryOneRestoresExactly() {
    // given: a state over the compression threshold, mostly one large history
    SessionRollbackEngine engine = engine(4, 3);
    Map<String, Object> attributes = attributes(20);
    List<Object> history = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      history.add(Map.of("turn", (long) i, "text", "turn " + i + " of a conversation that compresses like one does"));
    }
    attributes.put("history", history);
    Session session = engine.initialize("s1", metadata(), attributes);
    Map<CheckpointId, SessionState> expected = new HashMap<>();
    expected.put(session.checkpoints().get(0).id(), session.getCurrentState());
    Verification verification = Verification.of(config(4, 3), Map.of());
    int deflatedFull = 0;
    for (int i = 0; i < 24; i++) {
      int n = i;
      // when: small changes, and now and then a turn appended to the history (a new large value)
      session.update(s -> n % 5 == 4 ? s.with("history", append(s.get("history").orElseThrow(), n))
          : s.with("attr" + (n % 20), "changed " + n));
      Checkpoint c = session.createCheckpoint(CheckpointType.USER_REQUESTED, "step " + i);
      expected.put(c.id(), session.getCurrentState());
      deflatedFull += c.deltaBase().isEmpty() || c.label(Checkpoint.ENCODING).equals(Optional.of(Checkpoint.FULL))
          ? (c.compression() == dev.magnus.rollback.Compression.DEFLATE ? 1 : 0) : 0;
      // then: every kept checkpoint verifies and holds its state
      for (Checkpoint k : session.checkpoints()) {
        Verification.Reading reading = verification.read(inner, "s1", k.id()).orElseThrow();
        assertTrue(reading instanceof Verification.Verified, "step " + i + ", #" + k.sequence() + ": " + reading);
        assertEquals(expected.get(k.id()).attributes(), ((Verification.Verified) reading).state().attributes());
      }
    }
    assertTrue(deflatedFull >= 4, deflatedFull + " deflated full snapshots");
    Checkpoint oldest = session.checkpoints().get(0);
    assertEquals(expected.get(oldest.id()).attributes(),
        session.rollbackToCheckpoint(oldest.id()).restoredState().attributes());
  }

  private static List<Object> append(Object history, int n) {
    List<Object> longer = new ArrayList<>((List<?>) history);
    longer.add(Map.of("turn", (long) (1000 + n), "text", "appended " + n));
    return longer;
  }
}
