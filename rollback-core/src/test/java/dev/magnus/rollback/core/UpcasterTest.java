package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.InvalidStateException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StateConfig;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StateUpcaster;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.InjectingStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Schema versions: checkpoints of older versions are migrated on read, newer ones refused, gaps found. */
class UpcasterTest {
  /** v1 {name: "a b"} to v2 {first: "a", last: "b"}. */
  static final class SplitName implements StateUpcaster {
    @Override
    public int fromVersion() {
      return 1;
    }

    @Override
    public Map<String, Object> upcast(Map<String, Object> attributes) {
      Map<String, Object> next = new LinkedHashMap<>(attributes);
      String[] parts = String.valueOf(next.remove("name")).split(" ", 2);
      next.put("first", parts[0]);
      next.put("last", parts.length > 1 ? parts[1] : "");
      return next;
    }
  }

  /** v2 to v3: {first, last} grouped under "person". */
  static final class GroupPerson implements StateUpcaster {
    @Override
    public int fromVersion() {
      return 2;
    }

    @Override
    public Map<String, Object> upcast(Map<String, Object> attributes) {
      Map<String, Object> next = new LinkedHashMap<>(attributes);
      next.put("person", Map.of("first", next.remove("first"), "last", next.remove("last")));
      return next;
    }
  }

  private final CheckpointStore store = InMemoryStores.create();

  @AfterEach
  void close() {
    store.close();
  }

  private SessionRollbackEngine engine(int version, StateUpcaster... steps) {
    return engine(version, dev.magnus.rollback.DeltaConfig.ofDefaults(), steps);
  }

  private SessionRollbackEngine engine(int version, dev.magnus.rollback.DeltaConfig deltas, StateUpcaster... steps) {
    SessionRollback.Builder b = SessionRollback.builder().store(InjectingStore.view(store))
        .config(RollbackConfig.custom().state(new StateConfig(version))
            .checkpoint(dev.magnus.rollback.CheckpointConfig.custom().delta(deltas).build()).build());
    for (StateUpcaster step : steps) {
      b.upcaster(step);
    }
    return b.build();
  }

  private Checkpoint writeVersionOne() {
    try (SessionRollbackEngine v1 = engine(1)) {
      Session s = v1.initialize("s1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH),
          Map.of("name", "Ada Lovelace", "step", 1L));
      return s.createCheckpoint(CheckpointType.USER_REQUESTED, "v1 state");
    }
  }

  @Test
  void withDeltasOnTheFirstCheckpointAfterAnUpcastIsAFullSnapshotAndTheHistoryStaysRestorable() {
    // given a version 1 history written with deltas
    Map<String, Object> v1 = Map.of("name", "Ada Lovelace", "step", 1L, "notes", "n".repeat(400));
    Checkpoint old;
    try (SessionRollbackEngine engine = engine(1, dev.magnus.rollback.DeltaConfig.on())) {
      Session s = engine.initialize("s1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH), v1);
      s.update(st -> st.with("step", 2L));
      old = s.createCheckpoint(CheckpointType.USER_REQUESTED, "v1 delta");
      assertTrue(old.deltaBase().isPresent(), old.toString());
    }
    try (SessionRollbackEngine v3 = engine(3, dev.magnus.rollback.DeltaConfig.on(), new GroupPerson(), new SplitName())) {
      // when resumed at version 3 (the state is upcast) and checkpointed
      Session s = v3.resume("s1");
      s.update(st -> st.with("step", 3L));
      Checkpoint after = s.createCheckpoint(CheckpointType.USER_REQUESTED, "v3");
      s.update(st -> st.with("step", 4L));
      Checkpoint next = s.createCheckpoint(CheckpointType.USER_REQUESTED, "v3 again");
      // then a full snapshot follows the upcast, deltas after it, and the old delta restores upcast
      assertEquals(java.util.Optional.empty(), after.deltaBase());
      assertEquals(java.util.Optional.of(after.id()), next.deltaBase());
      assertEquals(2L, s.rollbackToCheckpoint(old.id()).restoredState().attributes().get("step"));
      assertEquals(3L, s.rollbackToCheckpoint(after.id()).restoredState().attributes().get("step"));
    }
  }

  @Test
  void aVersionOneHistoryResumesAndRollsBackAtVersionThreeThroughTwoSteps() {
    // given
    Checkpoint old = writeVersionOne();
    byte[] storedBefore = store.read("s1", old.id()).orElseThrow().payload();
    try (SessionRollbackEngine v3 = engine(3, new GroupPerson(), new SplitName())) {
      // when
      Session s = v3.resume("s1");
      s.update(st -> st.with("step", 2L));
      s.rollbackToCheckpoint(old.id());
      // then
      Map<String, Object> expected = Map.of("step", 1L, "person", Map.of("first", "Ada", "last", "Lovelace"));
      assertEquals(expected, s.getCurrentState().attributes());
      List<AuditEntry> upcasts = v3.getAuditLog().entries("s1").stream()
          .filter(e -> e.action() == AuditAction.STATE_UPCAST).toList();
      assertTrue(!upcasts.isEmpty(), "upcasts are audited");
      assertEquals(Map.of("checkpointId", old.id().value(), "from", "1", "to", "3"), upcasts.get(upcasts.size() - 1).details());
      assertArrayEquals(storedBefore, store.read("s1", old.id()).orElseThrow().payload(), "a read never rewrites");
    }
  }

  @Test
  void aCheckpointOfANewerVersionIsRefusedWithBothVersionsNamed() {
    // given a checkpoint written at version 3
    try (SessionRollbackEngine v3 = engine(3, new GroupPerson(), new SplitName())) {
      v3.initialize("s1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH), Map.of("x", 1L))
          .createCheckpoint(CheckpointType.USER_REQUESTED, "v3");
    }
    // when an engine at version 2 resumes it
    try (SessionRollbackEngine v2 = engine(2, new SplitName())) {
      InvalidStateException e = assertThrows(InvalidStateException.class, () -> v2.resume("s1"));
      // then
      assertTrue(e.getMessage().contains("state schema version 3, newer than this engine's state.schemaVersion 2"),
          e::getMessage);
    }
  }

  @Test
  void aMissingFirstStepIsNamedWhenACheckpointNeedsIt() {
    // given
    writeVersionOne();
    try (SessionRollbackEngine v3 = engine(3, new GroupPerson())) {
      // when
      InvalidStateException e = assertThrows(InvalidStateException.class, () -> v3.resume("s1"));
      // then
      assertTrue(e.getMessage().contains("has state schema version 1 and no upcaster migrates version 1 to 2"),
          e::getMessage);
    }
  }

  @Test
  void aGapBetweenRegisteredStepsFailsAtStart() {
    // given steps 1->2 and 3->4 for an engine at version 4
    StateUpcaster threeToFour = new StateUpcaster() {
      @Override
      public int fromVersion() {
        return 3;
      }

      @Override
      public Map<String, Object> upcast(Map<String, Object> attributes) {
        return attributes;
      }
    };
    // when
    ConfigInvalidException e = assertThrows(ConfigInvalidException.class, () -> engine(4, new SplitName(), threeToFour));
    // then
    assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("state.schemaVersion (set in code): no upcaster from "
        + "version 2 to 3")), e::getMessage);
  }

  @Test
  void aStepFromTheTargetVersionOrTwoFromOneVersionFailAtStart() {
    // when
    ConfigInvalidException e = assertThrows(ConfigInvalidException.class,
        () -> engine(2, new SplitName(), new SplitName(), new GroupPerson()));
    // then
    assertEquals(2, e.problems().size(), e::getMessage);
    assertTrue(e.problems().get(0).contains("two upcasters from version 1"), e::getMessage);
    assertTrue(e.problems().get(1).contains("migrates from version 2, but state.schemaVersion is 2"), e::getMessage);
  }

  @Test
  void aToolsVerifiedReadMigratesLikeTheEngineAndVerifyingTheSessionDoesNot() {
    // given a version 1 checkpoint, read by a tool configured for version 3
    Checkpoint old = writeVersionOne();
    RollbackConfig v3 = RollbackConfig.custom().state(new StateConfig(3)).build();
    Verification plain = Verification.of(v3);
    // when
    Verification.Reading migrated = plain.upcastingWith(List.of(new SplitName(), new GroupPerson()))
        .read(store, "s1", old.id()).orElseThrow();
    Verification.Reading missingStep = plain.upcastingWith(List.of(new GroupPerson())).read(store, "s1", old.id())
        .orElseThrow();
    // then
    assertTrue(migrated instanceof Verification.Verified, migrated::toString);
    Verification.Verified v = (Verification.Verified) migrated;
    assertEquals(1, v.schemaVersion());
    assertEquals(Map.of("step", 1L, "person", Map.of("first", "Ada", "last", "Lovelace")), v.state().attributes());
    assertTrue(missingStep instanceof Verification.Problem p && p.problem().contains("no upcaster migrates version 1 to 2"),
        missingStep::toString);
    assertEquals(List.of(), plain.verifySession(store, "s1"), "verification checks the stored bytes, it never migrates");
  }

  @Test
  void versionOneStatesKeepTheirBytes() {
    // given the same state encoded at version 1 and by the codec without a version
    StateCodec codec = new StateCodec(1 << 20);
    dev.magnus.rollback.SessionState state = dev.magnus.rollback.SessionState.initial("s1",
        SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH), Map.of("a", 1L));
    // then the field is absent at version 1, so hashes of existing checkpoints do not change
    assertArrayEquals(codec.encode(state), codec.encode(state, 1));
    assertTrue(!new String(codec.encode(state, 1), java.nio.charset.StandardCharsets.UTF_8).contains("schema"));
    assertEquals(2, codec.decodeWithSchema(codec.encode(state, 2)).schemaVersion());
  }
}
