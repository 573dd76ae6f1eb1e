package dev.magnus.rollback.integration.pr1;

import dev.magnus.rollback.FailureType;
import java.util.List;

/*
 * Decorate a pattern engine: detect, then record and checkpoint through the bridge; on a failure of
 * the engine (only the delegate call is guarded), recover as PATTERN_DETECTION_ERROR. Thread-safe if
 * the delegate is.
 */
final class CheckpointingPatternEngine implements MagnusPatternEngine {
  private final MagnusPatternEngine delegate;
  private final RollbackBridge bridge;

  CheckpointingPatternEngine(MagnusPatternEngine delegate, RollbackBridge bridge) {
    this.delegate = delegate;
    this.bridge = bridge;
  }

  @Override
  public List<DetectedPattern> detectPatterns(String code) {
    List<DetectedPattern> found;
    try {
      found = List.copyOf(delegate.detectPatterns(code));
    } catch (RuntimeException e) {
      return ReplayingRecovery.recover(bridge, FailureType.PATTERN_DETECTION_ERROR, "detectPatterns", e,
          () -> List.copyOf(delegate.detectPatterns(code)), Pr1State::withPatterns);
    }
    bridge.onPatternDetected(found);
    return found;
  }
}
