package dev.magnus.rollback.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.ProgressiveMode;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.spi.RecoveryStrategy;
import dev.magnus.rollback.tck.RecoveryScript;
import dev.magnus.rollback.tck.ScriptedRecoveryContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProgressiveStrategyTest {
  private static final RecoveryStrategy LINEAR = Strategies.progressive(RecoveryConfig.ofDefaults());
  private static final RecoveryStrategy BISECT =
      Strategies.progressive(RecoveryConfig.custom().progressiveMode(ProgressiveMode.BISECT).build());

  /** How checkpoint i of a test session is broken, if at all. */
  private enum Damage { NONE, INVALID_STATE, INTEGRITY }

  private final List<ScriptedRecoveryContext> contexts = new ArrayList<>();

  @AfterEach
  void closeContexts() {
    contexts.forEach(ScriptedRecoveryContext::close);
  }

  @Test
  void restoresTheNewestCheckpointBeforeTheFirstThatFailsValidation() {
    // given checkpoints 1..6 where 4, 5 and 6 hold corrupt states
    ScriptedRecoveryContext context = session(damage(6, 3, Damage.INVALID_STATE));

    // when
    RecoveryResult result = LINEAR.recover(context);

    // then
    assertEquals(Outcome.SUCCESS, result.outcome(), result.message());
    assertEquals(Optional.of(context.idOf("c3")), result.restored());
    List<Checkpoint> written = context.written();
    assertEquals(Optional.of(written.get(written.size() - 1).id()), result.recoveryPoint());
    assertEquals(context.stateOf(context.idOf("c3")).attributes(), context.currentState().attributes());
    assertEquals(4, result.validations());
    assertEquals("PROGRESSIVE", result.strategy());
    assertTrue(result.message().contains("first bad checkpoint " + context.idOf("c4")), result.message());
  }

  @Test
  void countsAnIntegrityFailureAsInvalid() {
    // given
    ScriptedRecoveryContext context = session(damage(5, 2, Damage.INTEGRITY));

    // when
    RecoveryResult result = LINEAR.recover(context);

    // then
    assertEquals(Optional.of(context.idOf("c2")), result.restored());
    assertTrue(result.message().contains("IntegrityViolationException"), result.message());
  }

  @Test
  void failsAndLeavesTheStateAloneWhenTheOldestCheckpointAlreadyFails() {
    // given
    ScriptedRecoveryContext context = session(damage(5, 0, Damage.INVALID_STATE));
    var before = context.currentState();

    // when
    RecoveryResult result = LINEAR.recover(context);

    // then
    assertEquals(Outcome.FAILURE, result.outcome());
    assertEquals(Optional.empty(), result.restored());
    assertEquals(1, result.validations());
    assertEquals(before, context.currentState());
    assertEquals(0, context.restores().size());
  }

  @Test
  void restoresTheNewestCheckpointWhenNoneFails() {
    // given
    ScriptedRecoveryContext context = session(damage(5, 5, Damage.NONE));

    // when
    RecoveryResult result = LINEAR.recover(context);

    // then
    assertEquals(Optional.of(context.idOf("c5")), result.restored());
    assertEquals(5, result.validations());
  }

  @Test
  void failsWhenTheSessionHasNoCheckpoints() {
    // given
    ScriptedRecoveryContext context = track(ScriptedRecoveryContext.forSession("s-1").build());

    // when
    RecoveryResult result = BISECT.recover(context);

    // then
    assertEquals(Outcome.FAILURE, result.outcome());
    assertEquals(0, result.validations());
  }

  @Test
  void leavesPreRollbackCheckpointsOutOfTheSearch() {
    // given a PRE_ROLLBACK holding the bad state that a past rollback left behind
    ScriptedRecoveryContext context = track(script(damage(2, 2, Damage.NONE))
        .invalid("c3", CheckpointType.PRE_ROLLBACK).good("c4", CheckpointType.RECOVERY_POINT).build());

    // when
    RecoveryResult result = LINEAR.recover(context);

    // then
    assertEquals(Optional.of(context.idOf("c4")), result.restored());
    assertEquals(3, result.validations());
  }

  @Test
  void linearAndBisectAgreeOnAThousandRandomCorruptionPositions() {
    Random random = new Random(20_261_126L);
    for (int trial = 0; trial < 1_000; trial++) {
      // given n checkpoints, good before a random index and bad (invalid or corrupt) from it on
      int n = 1 + random.nextInt(60);
      int firstBad = random.nextInt(n + 1);
      Damage[] damage = randomDamage(n, firstBad, random);
      ScriptedRecoveryContext linearContext = session(damage);
      ScriptedRecoveryContext bisectContext = session(damage);

      // when
      RecoveryResult linear = LINEAR.recover(linearContext);
      RecoveryResult bisect = BISECT.recover(bisectContext);

      // then
      String trialName = "trial " + trial + ": n=" + n + " firstBad=" + firstBad;
      Optional<CheckpointId> expected =
          firstBad == 0 ? Optional.empty() : Optional.of(linearContext.idOf("c" + firstBad));
      assertEquals(expected, linear.restored(), trialName);
      assertEquals(expected, bisect.restored(), trialName);
      assertEquals(linear.outcome(), bisect.outcome(), trialName);
      assertEquals(linearContext.currentState(), bisectContext.currentState(), trialName);
      assertEquals(Math.min(firstBad + 1, n), linear.validations(), trialName);
      assertTrue(bisect.validations() <= ceilLog2(n + 1), trialName + ": " + bisect.validations() + " validations");
      assertEquals(bisect.validations(), loads(bisectContext), trialName);
    }
  }

  @Test
  void bisectFindsTheBoundaryAmongAThousandCheckpointsInAtMostElevenValidations() {
    // given
    ScriptedRecoveryContext context = session(damage(1_000, 777, Damage.INVALID_STATE));

    // when
    RecoveryResult result = BISECT.recover(context);

    // then
    assertEquals(Optional.of(context.idOf("c777")), result.restored());
    assertTrue(result.validations() <= 10, result.validations() + " validations");
    assertTrue(result.message().contains("(BISECT)"), result.message());
  }

  private static Damage[] damage(int n, int firstBad, Damage kind) {
    Damage[] damage = new Damage[n];
    for (int i = 0; i < n; i++) {
      damage[i] = i < firstBad ? Damage.NONE : kind;
    }
    return damage;
  }

  private static Damage[] randomDamage(int n, int firstBad, Random random) {
    Damage[] damage = new Damage[n];
    for (int i = 0; i < n; i++) {
      damage[i] = i < firstBad ? Damage.NONE : random.nextBoolean() ? Damage.INVALID_STATE : Damage.INTEGRITY;
    }
    return damage;
  }

  /** A session whose checkpoint i (labelled c(i+1)) is broken as damage[i] says; its current state is broken. */
  private ScriptedRecoveryContext session(Damage[] damage) {
    return track(script(damage).build());
  }

  private static RecoveryScript script(Damage[] damage) {
    RecoveryScript script = ScriptedRecoveryContext.forSession("s-1");
    for (int i = 0; i < damage.length; i++) {
      CheckpointType type = i == 0 ? CheckpointType.SESSION_START : CheckpointType.AUTO_PERIODIC;
      String label = "c" + (i + 1);
      switch (damage[i]) {
        case NONE -> script.good(label, type);
        case INVALID_STATE -> script.invalid(label, type);
        case INTEGRITY -> script.corrupt(label, type);
        default -> throw new IllegalArgumentException(damage[i].name());
      }
    }
    return script;
  }

  private ScriptedRecoveryContext track(ScriptedRecoveryContext context) {
    contexts.add(context);
    return context;
  }

  /** How many times the strategy called load(). */
  private static long loads(ScriptedRecoveryContext context) {
    return context.calls().stream().filter(c -> c.startsWith("load:")).count();
  }

  private static int ceilLog2(int x) {
    return 32 - Integer.numberOfLeadingZeros(x - 1);
  }
}
