package dev.magnus.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An automatic checkpoint is either taken, with the checkpoint, or skipped, with the reason; never both. */
class AutoCheckpointResultTest {
  private static final Checkpoint CHECKPOINT = new Checkpoint(CheckpointId.of("cp-1"), "s1", 2, Optional.empty(),
      CheckpointType.SCORING_DECISION, "routed", Instant.EPOCH, Map.of(), "hash", "chain", 10, 10, Compression.NONE);

  private static String describe(AutoCheckpointResult result) {
    if (result instanceof AutoCheckpointResult.Taken taken) {
      return "taken " + taken.checkpoint().id();
    } else if (result instanceof AutoCheckpointResult.Skipped skipped) {
      return "skipped: " + skipped.reason();
    }
    throw new AssertionError("AutoCheckpointResult has two cases only, was " + result);
  }

  @Test
  void aTakenResultHoldsTheCheckpoint() {
    // when
    AutoCheckpointResult result = AutoCheckpointResult.taken(CHECKPOINT);
    // then
    assertTrue(result.taken());
    assertEquals("taken cp-1", describe(result));
    assertEquals(new AutoCheckpointResult.Taken(CHECKPOINT), result);
  }

  @Test
  void aSkippedResultHoldsTheReason() {
    // when
    AutoCheckpointResult result = AutoCheckpointResult.skipped("checkpoint.autoCheckpoint.onScoringDecision is off");
    // then
    assertFalse(result.taken());
    assertEquals("skipped: checkpoint.autoCheckpoint.onScoringDecision is off", describe(result));
  }

  @Test
  void theOnlyCasesAreTakenAndSkippedAndNeitherTakesNull() {
    // then
    assertEquals(2, AutoCheckpointResult.class.getPermittedSubclasses().length);
    assertThrows(NullPointerException.class, () -> AutoCheckpointResult.taken(null));
    assertThrows(NullPointerException.class, () -> AutoCheckpointResult.skipped(null));
  }
}
