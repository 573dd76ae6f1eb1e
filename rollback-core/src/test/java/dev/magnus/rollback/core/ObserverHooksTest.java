package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.magnus.rollback.AutoCheckpointResult.SkipCause;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointNotFoundException;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.EnginePlugin;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.InjectingStore;
import dev.magnus.rollback.tck.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The observer events and the plugin hook that metrics build on: each fires on its event, once, with its values. */
class ObserverHooksTest {
  private final ManualClock clock = new ManualClock(Fixtures.T0);
  private final InjectingStore store = InjectingStore.wrap(InMemoryStores.create());

  /** Records every event as one line. */
  static final class Recorder implements SessionObserver {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void checkpointCreated(Checkpoint checkpoint, Duration took) {
      events.add("created " + checkpoint.type() + (took.isNegative() ? " negative" : ""));
    }

    @Override
    public void checkpointFailed(String sessionId, CheckpointType type, RuntimeException error, Duration took) {
      events.add("failed " + sessionId + " " + type + " " + error.getClass().getSimpleName());
    }

    @Override
    public void autoCheckpointSkipped(String sessionId, CheckpointType type, SkipCause cause, String reason) {
      events.add("skipped " + type + " " + cause);
    }

    @Override
    public void rollbackFailed(String sessionId, CheckpointId target, RuntimeException error, Duration took) {
      events.add("rollback failed " + target.value() + " " + error.getClass().getSimpleName());
    }

    @Override
    public void observerFailed(String sessionId, String event, Throwable error) {
      events.add("observer failed " + event + " " + error.getMessage());
    }
  }

  private SessionRollbackEngine engine(Recorder recorder) {
    return SessionRollback.builder().config(Fixtures.config(c -> c.minInterval(Duration.ofMinutes(1))
        .onPatternDetection(false))).store(store).clock(clock).observer(recorder).build();
  }

  @Test
  void aCheckpointIsReportedWithItsTimeAndAnObserverOfTheOneArgumentMethodStillHearsIt() {
    // given
    Recorder recorder = new Recorder();
    List<Checkpoint> plain = new CopyOnWriteArrayList<>();
    try (SessionRollbackEngine engine = engine(recorder)) {
      engine.addObserver(new SessionObserver() {
        @Override
        public void checkpointCreated(Checkpoint checkpoint) {
          plain.add(checkpoint);
        }
      });
      // when
      Checkpoint c = engine.initialize("s-1", Fixtures.metadata()).createCheckpoint(CheckpointType.USER_REQUESTED, "x");
      // then
      assertEquals(List.of("created SESSION_START", "created USER_REQUESTED"), recorder.events);
      assertEquals(c, plain.get(1));
    }
  }

  @Test
  void aFailedWriteIsReportedWithItsTypeAndNotAsCreated() {
    // given
    Recorder recorder = new Recorder();
    try (SessionRollbackEngine engine = engine(recorder)) {
      Session session = engine.initialize("s-1", Fixtures.metadata());
      store.failAppend(c -> true);
      recorder.events.clear();
      // when
      assertThrows(StoreException.class, () -> session.createCheckpoint(CheckpointType.USER_REQUESTED, "lost"));
      // then
      assertEquals(List.of("failed s-1 USER_REQUESTED StoreException"), recorder.events);
    }
  }

  @Test
  void aSkipIsReportedWithItsCause() {
    // given automatic checkpoints at most once a minute, pattern milestones off
    Recorder recorder = new Recorder();
    try (SessionRollbackEngine engine = engine(recorder)) {
      Session session = engine.initialize("s-1", Fixtures.metadata());
      session.autoCheckpoint(CheckpointType.SCORING_DECISION, "taken");
      recorder.events.clear();
      // when
      session.autoCheckpoint(CheckpointType.SCORING_DECISION, "too soon");
      session.autoCheckpoint(CheckpointType.PATTERN_MILESTONE, "off");
      // then
      assertEquals(List.of("skipped SCORING_DECISION MIN_INTERVAL", "skipped PATTERN_MILESTONE SWITCHED_OFF"),
          recorder.events);
    }
  }

  @Test
  void aFailedRollbackIsReportedWithItsTarget() {
    // given
    Recorder recorder = new Recorder();
    try (SessionRollbackEngine engine = engine(recorder)) {
      Session session = engine.initialize("s-1", Fixtures.metadata());
      recorder.events.clear();
      // when
      assertThrows(CheckpointNotFoundException.class, () -> session.rollbackToCheckpoint(CheckpointId.of("nope")));
      // then
      assertEquals(List.of("rollback failed nope CheckpointNotFoundException"), recorder.events);
    }
  }

  @Test
  void anObserverThatThrowsIsReportedToEveryObserverOnceEvenWhenObserverFailedThrowsToo() {
    // given an observer that throws on every event, observerFailed included
    Recorder recorder = new Recorder();
    try (SessionRollbackEngine engine = engine(recorder)) {
      Session session = engine.initialize("s-1", Fixtures.metadata());
      engine.addObserver(new SessionObserver() {
        @Override
        public void checkpointCreated(Checkpoint checkpoint) {
          throw new IllegalStateException("bug");
        }

        @Override
        public void observerFailed(String sessionId, String event, Throwable error) {
          throw new IllegalStateException("bug in observerFailed");
        }
      });
      recorder.events.clear();
      // when
      session.createCheckpoint(CheckpointType.USER_REQUESTED, "x");
      // then
      assertEquals(List.of("created USER_REQUESTED", "observer failed checkpointCreated bug"), recorder.events);
    }
  }

  @Test
  void pluginsWrapTheStoreInOrderAndSeeTheBuiltEngine() {
    // given two plugins that record what they are given
    List<Object> seen = new CopyOnWriteArrayList<>();
    CheckpointStore wrapped = InjectingStore.view(store);
    EnginePlugin first = new EnginePlugin() {
      @Override
      public CheckpointStore customizeStore(CheckpointStore given) {
        seen.add(given);
        return wrapped;
      }
    };
    EnginePlugin second = new EnginePlugin() {
      @Override
      public CheckpointStore customizeStore(CheckpointStore given) {
        seen.add(given);
        return given;
      }

      @Override
      public void engineStarted(SessionRollbackEngine engine) {
        seen.add(engine);
      }
    };
    // when
    try (SessionRollbackEngine engine = SessionRollback.builder().store(store).clock(clock).plugin(first).plugin(second)
        .build()) {
      // then
      assertEquals(3, seen.size());
      assertSame(store, seen.get(0));
      assertSame(wrapped, seen.get(1));
      assertSame(engine, seen.get(2));
      engine.initialize("s-1", Fixtures.metadata());
      assertEquals(1, engine.openSessionCount());
      assertEquals(0, engine.queuedCheckpoints());
    }
  }

  @Test
  void anEngineWhosePluginFailsIsClosedAndTheErrorPropagates() {
    // given
    EnginePlugin failing = new EnginePlugin() {
      @Override
      public void engineStarted(SessionRollbackEngine engine) {
        throw new IllegalStateException("plugin failed");
      }
    };
    // when
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SessionRollback.builder().store(store).clock(clock).plugin(failing).build());
    // then
    assertEquals("plugin failed", e.getMessage());
    assertThrows(RuntimeException.class, () -> store.sessions(), "the engine closed its store");
  }
}
