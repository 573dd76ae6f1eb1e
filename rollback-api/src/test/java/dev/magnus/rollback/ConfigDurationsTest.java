package dev.magnus.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The durations of the Java configuration: defaults, the builders' bounds and their messages. */
class ConfigDurationsTest {
  static Stream<Arguments> badDurations() {
    return Stream.of(
        bad("checkpoint.retention must not be negative, was PT-0.001S",
            () -> CheckpointConfig.custom().retention(Duration.ofMillis(-1))),
        bad("checkpoint.minInterval must not be negative, was PT-5S",
            () -> CheckpointConfig.custom().minInterval(Duration.ofSeconds(-5))),
        bad("checkpoint.autoCheckpoint.periodic must not be negative, was PT-0.000000001S",
            () -> CheckpointConfig.custom().periodic(Duration.ofNanos(-1))),
        bad("checkpoint.checkpointTimeout must be positive, was PT0S",
            () -> CheckpointConfig.custom().checkpointTimeout(Duration.ZERO)),
        bad("recovery.retry.initialDelay must not be negative, was PT-1S",
            () -> RecoveryConfig.custom().initialDelay(Duration.ofSeconds(-1))),
        bad("recovery.retry.maxDelay must not be negative, was PT-1S",
            () -> RecoveryConfig.custom().maxDelay(Duration.ofSeconds(-1))),
        bad("recovery.timeLimiter.stepTimeout must be positive, was PT-0.01S",
            () -> RecoveryConfig.custom().stepTimeout(Duration.ofMillis(-10))),
        bad("recovery.retry.maxDelay (PT0.1S) must be >= recovery.retry.initialDelay (PT1S)",
            () -> RecoveryConfig.custom().initialDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofMillis(100)).build()));
  }

  private static Arguments bad(String message, Runnable call) {
    return Arguments.of(message, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badDurations")
  void builderRejectsABadDurationNamingTheOptionAndTheValue(String message, Runnable call) {
    // when
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    // then
    assertEquals(message, e.getMessage());
  }

  @Test
  void defaultsAreTheDocumentedDurations() {
    // when
    CheckpointConfig checkpoint = CheckpointConfig.ofDefaults();
    RecoveryConfig recovery = RecoveryConfig.ofDefaults();
    // then
    assertEquals(Duration.ofHours(1), checkpoint.retention());
    assertEquals(Duration.ZERO, checkpoint.minInterval());
    assertEquals(Duration.ZERO, checkpoint.periodic());
    assertEquals(Duration.ofSeconds(5), checkpoint.checkpointTimeout());
    assertEquals(Duration.ofSeconds(1), recovery.initialDelay());
    assertEquals(Duration.ofSeconds(30), recovery.maxDelay());
    assertEquals(Duration.ofSeconds(30), recovery.stepTimeout());
  }

  @Test
  void zeroIsAllowedWhereItMeansOffAndAPeriodTurnsPeriodicCheckpointsOn() {
    // given
    CheckpointConfig off = CheckpointConfig.custom().retention(Duration.ZERO).minInterval(Duration.ZERO)
        .periodic(Duration.ZERO).build();
    // when
    CheckpointConfig on = CheckpointConfig.from(off).periodic(Duration.ofMillis(1)).build();
    // then
    assertFalse(off.autoEnabled(CheckpointType.AUTO_PERIODIC));
    assertTrue(on.autoEnabled(CheckpointType.AUTO_PERIODIC));
  }

  @Test
  void fromCopiesEveryDuration() {
    // given
    CheckpointConfig checkpoint = CheckpointConfig.custom().retention(Duration.ofMinutes(2))
        .minInterval(Duration.ofMillis(250)).periodic(Duration.ofSeconds(3)).checkpointTimeout(Duration.ofMillis(750))
        .build();
    RecoveryConfig recovery = RecoveryConfig.custom().initialDelay(Duration.ofMillis(5)).maxDelay(Duration.ofMillis(9))
        .stepTimeout(Duration.ofMillis(100)).build();
    // when
    CheckpointConfig checkpointCopy = CheckpointConfig.from(checkpoint).build();
    RecoveryConfig recoveryCopy = RecoveryConfig.from(recovery).build();
    // then
    assertEquals(checkpoint, checkpointCopy);
    assertEquals(recovery, recoveryCopy);
  }
}
