package dev.magnus.rollback.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RecoveryStep;
import dev.magnus.rollback.spi.RecoveryStrategy;
import dev.magnus.rollback.tck.ScriptedRecoveryContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrentRecoveryTest {
  private static final int SESSIONS = 8;

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final ExecutorService steps = Executors.newCachedThreadPool();
  private final ExecutorService callers = Executors.newFixedThreadPool(SESSIONS);

  @AfterEach
  void stopThreads() {
    callers.shutdownNow();
    scheduler.shutdownNow();
    steps.shutdownNow();
  }

  @Test
  void oneStrategyRecoversEightSessionsAtOnceWithoutMixingThemUp() throws Exception {
    // given one shared DECOMPOSE instance and eight sessions, each with a step that fails twice
    RecoveryStrategy strategy = Strategies.decompose(RecoveryConfig.custom()
        .initialDelay(Duration.ofMillis(2)).maxDelay(Duration.ofMillis(10)).stepTimeout(Duration.ofSeconds(10))
        .build(), steps);
    List<ScriptedRecoveryContext> contexts = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      contexts.add(session(i));
    }
    CountDownLatch start = new CountDownLatch(1);

    // when
    List<Future<Run>> runs = new ArrayList<>();
    for (ScriptedRecoveryContext context : contexts) {
      runs.add(callers.submit(() -> {
        start.await();
        return new Run(strategy.recover(context), Thread.currentThread());
      }));
    }
    start.countDown();

    // then
    for (int i = 0; i < SESSIONS; i++) {
      Run run = runs.get(i).get(30, TimeUnit.SECONDS);
      ScriptedRecoveryContext context = contexts.get(i);
      assertEquals(Set.of(run.thread()), context.callers(), "the context was used by its recovering thread only");
      assertEquals(Outcome.SUCCESS, run.result().outcome(), run.result().message());
      assertEquals("s-" + i, run.result().sessionId());
      assertEquals((long) i, context.currentState().attributes().get("score"));
      assertEquals(3, StepAttempts.of(context).size(), "the first attempt and two retries");
    }
  }

  private record Run(RecoveryResult result, Thread thread) {}

  private ScriptedRecoveryContext session(int i) {
    AtomicInteger calls = new AtomicInteger();
    RecoveryStep flaky = RecoveryStep.of("score", s -> {
      if (calls.incrementAndGet() < 3) {
        throw new IllegalStateException("flaky " + calls.get());
      }
      return s.with("score", (long) i);
    });
    return ScriptedRecoveryContext.forSession("s-" + i).scheduler(scheduler).good("c1").good("c2").good("c3")
        .failure(Failure.of(FailureType.SCORING_CALCULATION_ERROR, "scorer failed").withSteps(List.of(flaky))).build();
  }
}
