package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.Test;

/**
 * A session's periodic timer starts after the handle is published (initialize, resume), so another
 * thread may close the session first; the timer must then never start. (Regression: the field was
 * set outside the lock after publication, and a session closed in between kept a timer running.)
 */
class PeriodicTimerTest {
  @Test
  void aTimerIsNeverStartedForASessionClosedBeforeItsTimerStarts() {
    // given: an engine with periodic checkpoints and a scheduler whose queue we can see
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    scheduler.setRemoveOnCancelPolicy(true);
    try (SessionRollbackEngine engine = SessionRollback.builder()
        .config(Fixtures.config(c -> c.periodic(Duration.ofHours(1)))).store(InMemoryStores.create())
        .scheduler(scheduler).build()) {
      Session session = engine.initialize("s", metadata());
      SessionHandle handle = (SessionHandle) session;
      int running = scheduler.getQueue().size();
      // when: the session is closed, then the (late) timer start runs
      session.close();
      int afterClose = scheduler.getQueue().size();
      handle.startPeriodic(Duration.ofHours(1));
      // then
      assertEquals(running - 1, afterClose, "closing cancels the session's timer");
      assertEquals(afterClose, scheduler.getQueue().size(), "no timer for a closed session");
    } finally {
      scheduler.shutdownNow();
    }
  }
}
