package dev.magnus.rollback.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.ProgressiveMode;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProgressiveStrategyTest {
  private static final RecoveryStrategy LINEAR = Strategies.progressive(RecoveryConfig.ofDefaults());
  private static final RecoveryStrategy BISECT =
      Strategies.progressive(RecoveryConfig.custom().progressiveMode(ProgressiveMode.BISECT).build());

  /** How checkpoint i of a test session is broken, if at all. */
  private enum Damage { NONE, INVALID_STATE, INTEGRITY }

  @Test
  void restoresTheNewestCheckpointBeforeTheFirstThatFailsValidation() {
    // given checkpoints 1..6 where 4, 5 and 6 hold corrupt states
    FakeRecoveryContext context = session(damage(6, 3, Damage.INVALID_STATE));

    // when
    RecoveryResult result = LINEAR.recover(context);

    // then
    assertEquals(Outcome.SUCCESS, result.outcome(), result.message());
    assertEquals(Optional.of(CheckpointId.of("cp-3")), result.restored());
    assertEquals(Optional.of(context.newest().id()), result.recoveryPoint());
    assertEquals(context.stateOf(CheckpointId.of("cp-3")), context.currentState());
    assertEquals(4, result.validations());
    assertEquals("PROGRESSIVE", result.strategy());
    assertTrue(result.message().contains("first bad checkpoint cp-4"), result.message());
  }

  @Test
  void countsAnIntegrityFailureAsInvalid() {
    // given
    FakeRecoveryContext context = session(damage(5, 2, Damage.INTEGRITY));

    // when
    RecoveryResult result = LINEAR.recover(context);

    // then
    assertEquals(Optional.of(CheckpointId.of("cp-2")), result.restored());
    assertTrue(result.message().contains("IntegrityViolationException"), result.message());
  }

  @Test
  void failsAndLeavesTheStateAloneWhenTheOldestCheckpointAlreadyFails() {
    // given
    FakeRecoveryContext context = session(damage(5, 0, Damage.INVALID_STATE));
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
    FakeRecoveryContext context = session(damage(5, 5, Damage.NONE));

    // when
    RecoveryResult result = LINEAR.recover(context);

    // then
    assertEquals(Optional.of(CheckpointId.of("cp-5")), result.restored());
    assertEquals(5, result.validations());
  }

  @Test
  void failsWhenTheSessionHasNoCheckpoints() {
    // given
    FakeRecoveryContext context = FakeRecoveryContext.session("s-1", null);

    // when
    RecoveryResult result = BISECT.recover(context);

    // then
    assertEquals(Outcome.FAILURE, result.outcome());
    assertEquals(0, result.validations());
  }

  @Test
  void leavesPreRollbackCheckpointsOutOfTheSearch() {
    // given a PRE_ROLLBACK holding the bad state that a past rollback left behind
    FakeRecoveryContext context = session(damage(2, 2, Damage.NONE));
    context.add(CheckpointType.PRE_ROLLBACK, context.corruptState(50));
    context.add(CheckpointType.RECOVERY_POINT, context.state(1));

    // when
    RecoveryResult result = LINEAR.recover(context);

    // then
    assertEquals(Optional.of(CheckpointId.of("cp-4")), result.restored());
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
      FakeRecoveryContext linearContext = session(damage);
      FakeRecoveryContext bisectContext = session(damage);

      // when
      RecoveryResult linear = LINEAR.recover(linearContext);
      RecoveryResult bisect = BISECT.recover(bisectContext);

      // then
      String trialName = "trial " + trial + ": n=" + n + " firstBad=" + firstBad;
      Optional<CheckpointId> expected = firstBad == 0 ? Optional.empty() : Optional.of(CheckpointId.of("cp-" + firstBad));
      assertEquals(expected, linear.restored(), trialName);
      assertEquals(expected, bisect.restored(), trialName);
      assertEquals(linear.outcome(), bisect.outcome(), trialName);
      assertEquals(linearContext.currentState(), bisectContext.currentState(), trialName);
      assertEquals(Math.min(firstBad + 1, n), linear.validations(), trialName);
      assertTrue(bisect.validations() <= ceilLog2(n + 1), trialName + ": " + bisect.validations() + " validations");
      assertEquals(bisect.validations(), bisectContext.loads(), trialName);
    }
  }

  @Test
  void bisectFindsTheBoundaryAmongAThousandCheckpointsInAtMostElevenValidations() {
    // given
    FakeRecoveryContext context = session(damage(1_000, 777, Damage.INVALID_STATE));

    // when
    RecoveryResult result = BISECT.recover(context);

    // then
    assertEquals(Optional.of(CheckpointId.of("cp-777")), result.restored());
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

  /** A session whose checkpoint i (cp-(i+1)) is broken as damage[i] says. */
  private static FakeRecoveryContext session(Damage[] damage) {
    FakeRecoveryContext context = FakeRecoveryContext.session("s-1", null);
    for (int i = 0; i < damage.length; i++) {
      CheckpointType type = i == 0 ? CheckpointType.SESSION_START : CheckpointType.AUTO_PERIODIC;
      CheckpointId id = context.add(type, damage[i] == Damage.INVALID_STATE ? context.corruptState(i) : context.state(i));
      if (damage[i] == Damage.INTEGRITY) {
        context.corrupt(id);
      }
    }
    context.setCurrent(context.corruptState(-1));
    return context;
  }

  private static int ceilLog2(int x) {
    return 32 - Integer.numberOfLeadingZeros(x - 1);
  }
}
