package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.StoreException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The kit's scripted recovery context: each scripted behaviour and each read-back does what it says. */
class ScriptedRecoveryContextTest {
  private static RecoveryScript session() {
    return ScriptedRecoveryContext.forSession("s");
  }

  @Test
  void checkpointsTakeTheTypeTheScriptGivesAndOtherwiseStartWithSessionStart() {
    // given
    try (ScriptedRecoveryContext context = session().good("a").good("b", CheckpointType.PRE_ROLLBACK)
        .invalid("c", CheckpointType.AUTO_PERIODIC).corrupt("d", CheckpointType.RECOVERY_POINT).good("e").build()) {
      // when
      List<CheckpointType> types = context.checkpoints().stream().map(Checkpoint::type).toList();
      // then
      assertEquals(List.of(CheckpointType.SESSION_START, CheckpointType.PRE_ROLLBACK, CheckpointType.AUTO_PERIODIC,
          CheckpointType.RECOVERY_POINT, CheckpointType.USER_REQUESTED), types);
      assertFalse(context.validate(context.stateOf(context.idOf("c"))).isValid());
      assertThrows(IntegrityViolationException.class, () -> context.load(context.idOf("d")));
    }
  }

  @Test
  void failRestoreOfFailsOnlyThatCheckpointsRestoreAndChangesNothing() {
    // given
    try (ScriptedRecoveryContext context = session().good("a").good("b").failRestoreOf("b").build()) {
      // when
      assertEquals("b", context.load(context.idOf("b")).attributes().get(ScriptedRecoveryContext.LABEL));
      assertThrows(StoreException.class, () -> context.restore(context.idOf("b")));
      // then
      assertEquals(ScriptedRecoveryContext.BROKEN, context.currentLabel());
      assertEquals(List.of(), context.written());
      assertEquals(List.of(), context.restores());
      context.restore(context.idOf("a"));
      assertEquals("a", context.currentLabel());
    }
  }

  @Test
  void failRestoreOfAnUnknownLabelIsRejectedWhenBuilt() {
    // given
    RecoveryScript builder = session().good("a").failRestoreOf("nope");
    // when
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    // then
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
  }

  @Test
  void failCheckpointsFailsEveryCheckpointAndWritesNothing() {
    // given
    try (ScriptedRecoveryContext context = session().good("a").failCheckpoints().build()) {
      // when
      StoreException e = assertThrows(StoreException.class,
          () -> context.checkpoint(CheckpointType.RECOVERY_POINT, "after step x"));
      // then
      assertTrue(e.getMessage().contains("after step x"), e.getMessage());
      assertEquals(List.of(), context.written());
      assertEquals(1, context.checkpoints().size());
    }
  }

  @Test
  void restoresListsOnlyTheSuccessfulRestoresInOrder() {
    // given
    try (ScriptedRecoveryContext context = session().good("a").corrupt("b").good("c").build()) {
      // when
      context.restore(context.idOf("c"));
      assertThrows(IntegrityViolationException.class, () -> context.restore(context.idOf("b")));
      context.restore(context.idOf("a"));
      // then
      assertEquals(List.of(context.idOf("c"), context.idOf("a")), context.restores());
    }
  }

  @Test
  void stateOfReturnsWhatACheckpointHoldsWithoutLoggingACall() {
    // given
    try (ScriptedRecoveryContext context = session().good("a").corrupt("b").build()) {
      context.update(s -> s.with("x", 1L));
      Checkpoint written = context.checkpoint(CheckpointType.RECOVERY_POINT, "after step x");
      int calls = context.calls().size();
      // when
      var corrupt = context.stateOf(context.idOf("b"));
      var afterStep = context.stateOf(written.id());
      // then
      assertEquals("b", corrupt.attributes().get(ScriptedRecoveryContext.LABEL));
      assertEquals(1L, afterStep.attributes().get("x"));
      assertEquals(calls, context.calls().size());
      assertThrows(IllegalArgumentException.class, () -> context.stateOf(CheckpointId.of("x")));
    }
  }

  @Test
  void attemptsRecordsEveryFieldOfEachReportInOrder() {
    // given
    try (ScriptedRecoveryContext context = session().good("a").build()) {
      // when
      context.attempted(1, Optional.of("score"), Duration.ZERO, Optional.empty());
      context.attempted(2, Optional.of("score"), Duration.ofMillis(4), Optional.of("IllegalStateException: flaky"));
      // then
      assertEquals(List.of(
          new ScriptedRecoveryContext.Attempt(1, Optional.of("score"), Duration.ZERO, Optional.empty()),
          new ScriptedRecoveryContext.Attempt(2, Optional.of("score"), Duration.ofMillis(4),
              Optional.of("IllegalStateException: flaky"))), context.attempts());
    }
  }

  @Test
  void callersNamesEveryThreadThatUsedTheContextButNotTheReadBacks() throws Exception {
    // given
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (ScriptedRecoveryContext context = session().good("a").build()) {
      Thread otherThread = other.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
      context.currentLabel();
      context.written();
      assertEquals(Set.of(), context.callers(), "read-backs do not count");
      // when
      context.checkpoints();
      other.submit(context::sessionId).get(10, TimeUnit.SECONDS);
      // then
      assertEquals(Set.of(Thread.currentThread(), otherThread), context.callers());
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void aGivenSchedulerIsUsedAndLeftRunningWhileTheContextsOwnIsStopped() {
    // given
    ScheduledExecutorService shared = Executors.newSingleThreadScheduledExecutor();
    try {
      ScriptedRecoveryContext withShared = session().good("a").scheduler(shared).build();
      ScriptedRecoveryContext withOwn = session().good("a").build();
      // when
      withShared.close();
      withOwn.close();
      // then
      assertEquals(shared, withShared.scheduler());
      assertFalse(shared.isShutdown(), "a given scheduler is the caller's to stop");
      assertTrue(withOwn.scheduler().isShutdown());
    } finally {
      shared.shutdownNow();
    }
  }
}
