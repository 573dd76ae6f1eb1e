package dev.magnus.rollback.integration.pr1;

import dev.magnus.rollback.AutoCheckpointResult;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RecoveryStep;
import dev.magnus.rollback.Session;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Connect PR #1's components to one session: record each event in the session state and take the
 * matching automatic checkpoint; hand a component's failure to recovery.
 *
 * <pre>{@code
 * RollbackBridge bridge = RollbackBridge.of(session);
 * MagnusPatternEngine engine = bridge.decoratePatternEngine(existingPatternEngine);  // checkpoints on every call
 * engine.detectPatterns(code);                                          // pr1.patterns + PATTERN_MILESTONE
 * }</pre>
 *
 * <p>State written, always through {@link Session#update} and JSON-compatible only:
 * {@code pr1.patterns} (list of {name, severity, line, column, evidence}), {@code pr1.scoring}
 * ({requestId, model, scores, rationale}), {@code pr1.phase} (the phase's name) and
 * {@code pr1.findings} (list of strings). The event is recorded even when its checkpoint is skipped,
 * so the next checkpoint of any kind carries it.
 *
 * <p>Checkpoints go through {@link Session#autoCheckpoint}, so the engine's switches
 * ({@code checkpoint.autoCheckpoint.*}) and {@code minIntervalMs} apply and a skip comes back with its
 * reason. A detection takes PATTERN_MILESTONE only if a pattern reaches
 * {@link Pr1Settings#patternSignificanceThreshold()}.
 *
 * <p>Thread-safe: the session serializes the operations; the bridge holds no mutable state.
 */
public final class RollbackBridge {
  private final Session session;
  private final Pr1Settings settings;

  private RollbackBridge(Session session, Pr1Settings settings) {
    this.session = Objects.requireNonNull(session, "session");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Bind a bridge to a session with the default settings.
   *
   * @param session the session to record into
   * @return the bridge
   */
  public static RollbackBridge of(Session session) {
    return new RollbackBridge(session, Pr1Settings.ofDefaults());
  }

  /**
   * Bind a bridge to a session.
   *
   * @param session the session to record into
   * @param settings the significance threshold
   * @return the bridge
   */
  public static RollbackBridge of(Session session, Pr1Settings settings) {
    return new RollbackBridge(session, settings);
  }

  /**
   * Return the session this bridge records into.
   *
   * @return the session
   */
  public Session session() {
    return session;
  }

  /**
   * Return the settings.
   *
   * @return the settings
   */
  public Pr1Settings settings() {
    return settings;
  }

  /**
   * Record detected patterns in {@code pr1.patterns} and take a PATTERN_MILESTONE checkpoint if one of
   * them is significant.
   *
   * @param patterns what the pattern engine found
   * @return the checkpoint, or why none was taken (no significant pattern, switch off, minIntervalMs)
   * @throws dev.magnus.rollback.RollbackException from the session, for example when the store fails
   */
  public AutoCheckpointResult onPatternDetected(List<DetectedPattern> patterns) {
    List<DetectedPattern> found = List.copyOf(Objects.requireNonNull(patterns, "patterns"));
    session.update(s -> Pr1State.withPatterns(s, found));
    double threshold = settings.patternSignificanceThreshold();
    List<DetectedPattern> significant = found.stream().filter(p -> p.severity() >= threshold)
        .sorted(Comparator.comparingDouble(DetectedPattern::severity).reversed()).toList();
    if (significant.isEmpty()) {
      String highest = found.stream().map(DetectedPattern::severity).max(Double::compare)
          .map(d -> "highest severity " + format(d)).orElse("no pattern found");
      return AutoCheckpointResult.skipped("no significant pattern (" + highest
          + ", pr1.patternSignificanceThreshold=" + format(threshold) + ")");
    }
    return session.autoCheckpoint(CheckpointType.PATTERN_MILESTONE, significant.size() + " significant pattern"
        + (significant.size() == 1 ? "" : "s") + ": " + significant.stream()
            .map(p -> p.name() + " (" + format(p.severity()) + ")").collect(Collectors.joining(", ")));
  }

  /**
   * Record a scoring decision in {@code pr1.scoring} and take a SCORING_DECISION checkpoint.
   *
   * @param decision what the scorer chose
   * @return the checkpoint, or why none was taken
   */
  public AutoCheckpointResult onScoringDecision(ScoringDecision decision) {
    Objects.requireNonNull(decision, "decision");
    session.update(s -> Pr1State.withScoring(s, decision));
    return session.autoCheckpoint(CheckpointType.SCORING_DECISION, "request " + decision.requestId() + " routed to "
        + decision.chosenModel() + " (" + format(decision.scores().get(decision.chosenModel())) + ")");
  }

  /**
   * Record a phase change in {@code pr1.phase} and {@code pr1.findings} and take a THERAPEUTIC_PHASE
   * checkpoint.
   *
   * @param phase the phase entered
   * @param findings the findings that came with it
   * @return the checkpoint, or why none was taken
   */
  public AutoCheckpointResult onTherapeuticPhaseChange(TherapeuticPhase phase, List<String> findings) {
    Objects.requireNonNull(phase, "phase");
    List<String> copy = List.copyOf(Objects.requireNonNull(findings, "findings"));
    session.update(s -> Pr1State.withPhase(s, phase, copy));
    return session.autoCheckpoint(CheckpointType.THERAPEUTIC_PHASE, "entered " + phase
        + (copy.isEmpty() ? "" : " with " + copy.size() + " finding" + (copy.size() == 1 ? "" : "s")));
  }

  /**
   * Hand a PR #1 component's failure to the session's recovery.
   *
   * @param type the failure type, which selects the strategy (for a component:
   *     PATTERN_DETECTION_ERROR, SCORING_CALCULATION_ERROR or THERAPEUTIC_LOOP_ERROR)
   * @param cause what the component threw
   * @param replay the failed operation as steps that DECOMPOSE may replay; empty when it has none
   * @return how recovery ended; a failed recovery is a result, not an exception
   * @throws dev.magnus.rollback.ProviderNotFoundException if the selected strategy is not on the class path
   */
  public RecoveryResult onComponentFailure(FailureType type, Throwable cause, List<RecoveryStep> replay) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(replay, "replay");
    return session.recover(Failure.of(type, cause).withSteps(replay)
        .withContext(Map.of("source", "pr1", "exception", cause.getClass().getName())));
  }

  /**
   * Wrap a pattern engine so that each detection goes through {@link #onPatternDetected} and each
   * failure through recovery as PATTERN_DETECTION_ERROR.
   *
   * <p>On failure the decorator hands recovery one step that calls the engine again and records the
   * result. If recovery succeeds after replaying it (DECOMPOSE), the replayed result is returned, as if
   * the first call had worked; otherwise a {@link Pr1ComponentException} carrying the recovery result
   * is thrown. An exception of the session itself (closed, store failure) propagates unchanged.
   *
   * @param engine any implementation
   * @return the decorated engine
   */
  public MagnusPatternEngine decoratePatternEngine(MagnusPatternEngine engine) {
    return new CheckpointingPatternEngine(Objects.requireNonNull(engine, "engine"), this);
  }

  /**
   * Wrap a scorer the same way, with {@link #onScoringDecision} and SCORING_CALCULATION_ERROR; see
   * {@link #decoratePatternEngine} for what a failure gives.
   *
   * @param scorer any implementation
   * @return the decorated scorer
   */
  public ConvergenceScorer decorateScorer(ConvergenceScorer scorer) {
    return new CheckpointingConvergenceScorer(Objects.requireNonNull(scorer, "scorer"), this);
  }

  /**
   * Wrap a therapeutic loop the same way, with {@link #onTherapeuticPhaseChange} and
   * THERAPEUTIC_LOOP_ERROR (a refused transition is a failure too); see
   * {@link #decoratePatternEngine} for what a failure gives.
   *
   * @param loop any implementation
   * @return the decorated loop
   */
  public TherapeuticLoop decorateLoop(TherapeuticLoop loop) {
    return new CheckpointingTherapeuticLoop(Objects.requireNonNull(loop, "loop"), this);
  }

  static String format(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
