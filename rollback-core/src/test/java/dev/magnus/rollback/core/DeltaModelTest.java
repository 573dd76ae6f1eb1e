package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.T0;
import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.DeltaConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointQuery;
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
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drive an engine with delta checkpoints through random histories (small changes, large changes,
 * rollbacks to any live checkpoint, restarts, time passing under retentionMs) with random limits, and
 * check after every step what the delta design promises: every live checkpoint verifies and holds
 * exactly the state it was taken with, the session holds at most maxCheckpoints plus the bases the
 * rollback target and its branch still need, and no delta chain is longer than maxChain.
 */
class DeltaModelTest {
  @ParameterizedTest
  @MethodSource("seeds")
  void everyLiveCheckpointStaysRestorableWithItsExactStateThroughRandomHistories(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int maxCheckpoints = 2 + random.nextInt(7);
    int maxChain = 1 + random.nextInt(5);
    long retentionMs = random.nextBoolean() ? 0 : 5_000;
    CheckpointStore inner = InMemoryStores.create();
    ManualClock clock = new ManualClock(T0);
    RollbackConfig config = Fixtures.config(c -> c.maxCheckpoints(maxCheckpoints).retention(Duration.ofMillis(retentionMs))
        .delta(new DeltaConfig(true, maxChain, 0.5)));
    Verification verification = Verification.of(config, Map.of());
    SessionRollbackEngine engine = Fixtures.engine(InjectingStore.view(inner), clock, config);
    Session session = engine.initialize("s", metadata(), initial());
    Map<CheckpointId, SessionState> taken = new HashMap<>();
    taken.put(session.checkpoints().get(0).id(), session.getCurrentState());
    String where = "seed " + seed + " (max " + maxCheckpoints + ", chain " + maxChain + ", retention " + retentionMs + ")";
    for (int step = 0; step < 80; step++) {
      int op = random.nextInt(10);
      
      if (op < 6) {
        session.update(s -> change(s, random));
        Checkpoint c = session.createCheckpoint(CheckpointType.USER_REQUESTED, "step");
        taken.put(c.id(), session.getCurrentState());
      } else if (op < 8) {
        List<Checkpoint> live = session.checkpoints();
        Checkpoint target = live.get(random.nextInt(live.size()));
        SessionState restored = session.rollbackToCheckpoint(target.id()).restoredState();
        if (taken.get(target.id()) != null) {
          assertEquals(taken.get(target.id()).attributes(), restored.attributes(), where + " step " + step);
        }
        List<Checkpoint> after = session.checkpoints();
        after.stream().filter(c -> !taken.containsKey(c.id())).forEach(c -> taken.put(c.id(), null));
        taken.put(after.get(after.size() - 1).id(), session.getCurrentState());
      } else if (op == 8) {
        engine.close();
        engine = Fixtures.engine(InjectingStore.view(inner), clock, config);
        session = engine.resume("s");
      } else {
        clock.advance(Duration.ofMillis(random.nextInt(3_000)));
      }
      check(inner, verification, taken, maxCheckpoints, maxChain, where + " step " + step);
    }
  }

  /** 60 random histories; {@code -DdeltaModelSeeds=400} runs more (400 took 30 s). */
  static LongStream seeds() {
    return LongStream.range(11, 11 + Long.getLong("deltaModelSeeds", 60));
  }

  private static void check(CheckpointStore store, Verification verification, Map<CheckpointId, SessionState> taken,
      int maxCheckpoints, int maxChain, String where) {
    List<Checkpoint> live = store.list("s", CheckpointQuery.all());
    // retention may keep, besides maxCheckpoints, the bases of the rollback target and those of the rollback branch
    assertTrue(live.size() <= maxCheckpoints + 2 * (maxChain + 1), where + ": " + live.size() + " live");
    for (Checkpoint c : live) {
      Verification.Reading reading = verification.read(store, "s", c.id()).orElseThrow();
      assertTrue(reading instanceof Verification.Verified, where + ", #" + c.sequence() + ": " + reading);
      SessionState expected = taken.get(c.id());
      if (expected != null) {
        assertEquals(expected.attributes(), ((Verification.Verified) reading).state().attributes(), where + ", #" + c.sequence());
      }
      int chain = 0;
      Checkpoint x = c;
      while (x != null && x.deltaBase().isPresent()) {
        CheckpointId base = x.deltaBase().get();
        x = live.stream().filter(y -> y.id().equals(base)).findFirst().orElse(null);
        chain++;
      }
      assertTrue(chain <= maxChain, where + ", #" + c.sequence() + " chain " + chain);
    }
  }

  private static Map<String, Object> initial() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      attributes.put("a" + i, "initial value " + i + " with some text so that one change is a small part");
    }
    return attributes;
  }

  private static SessionState change(SessionState s, SplittableRandom random) {
    switch (random.nextInt(6)) {
      case 0: {
        SessionState next = s;
        for (int i = 0; i < 15; i++) {
          next = next.with("a" + random.nextInt(20), "rewritten " + random.nextInt());
        }
        return next;
      }
      case 1: return s.without("a" + random.nextInt(20));
      case 2: {
        List<Object> history = new ArrayList<>((List<?>) s.get("history").orElse(List.of()));
        history.add(Map.of("n", (long) history.size()));
        return s.with("history", history);
      }
      case 3: return s.with("nested", Map.of("k" + random.nextInt(3), random.nextInt(5), "z", List.of(1L)));
      default: return s.with("a" + random.nextInt(20), "value " + random.nextInt(100));
    }
  }
}
