package dev.magnus.rollback.tck;

import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Script a session for a {@link ScriptedRecoveryContext}: its checkpoints, oldest first, and the
 * failures to inject; {@link #build()} makes the context. Start one with
 * {@link ScriptedRecoveryContext#forSession(String)}. Not thread-safe.
 */
public final class RecoveryScript {
  final String sessionId;
  final List<Scripted> scripted = new ArrayList<>();
  final List<String> unrestorable = new ArrayList<>();
  Failure failure = Failure.of(FailureType.EXTERNAL_SERVICE_ERROR, "scripted failure");
  RecoveryConfig options = RecoveryConfig.ofDefaults();
  boolean failRestores;
  boolean failCheckpoints;
  ScheduledExecutorService scheduler;

  RecoveryScript(String sessionId) {
    this.sessionId = dev.magnus.rollback.SessionIds.require(sessionId);
  }

  private RecoveryScript add(String label, Kind kind, CheckpointType type) {
    scripted.add(new Scripted(Objects.requireNonNull(label, "label"), kind, type));
    return this;
  }

  /** Add a good checkpoint. @param label its label @return this */
  public RecoveryScript good(String label) {
    return add(label, Kind.GOOD, null);
  }

  /**
   * Add a good checkpoint of a type (a PRE_ROLLBACK, say, which strategies must not restore).
   *
   * @param label its label
   * @param type its checkpoint type
   * @return this
   */
  public RecoveryScript good(String label, CheckpointType type) {
    return add(label, Kind.GOOD, Objects.requireNonNull(type, "type"));
  }

  /** Add a checkpoint whose load and restore fail the integrity check. @param label its label @return this */
  public RecoveryScript corrupt(String label) {
    return add(label, Kind.CORRUPT, null);
  }

  /**
   * Add a checkpoint of a type whose load and restore fail the integrity check.
   *
   * @param label its label
   * @param type its checkpoint type
   * @return this
   */
  public RecoveryScript corrupt(String label, CheckpointType type) {
    return add(label, Kind.CORRUPT, Objects.requireNonNull(type, "type"));
  }

  /** Add a checkpoint whose state fails validation. @param label its label @return this */
  public RecoveryScript invalid(String label) {
    return add(label, Kind.INVALID, null);
  }

  /**
   * Add a checkpoint of a type whose state fails validation.
   *
   * @param label its label
   * @param type its checkpoint type
   * @return this
   */
  public RecoveryScript invalid(String label, CheckpointType type) {
    return add(label, Kind.INVALID, Objects.requireNonNull(type, "type"));
  }

  /** Make every restore fail with a StoreException, changing nothing. @return this */
  public RecoveryScript failRestores() {
    failRestores = true;
    return this;
  }

  /**
   * Make the restore of one scripted checkpoint fail with a StoreException, changing nothing, while
   * its load and validation succeed.
   *
   * @param label the checkpoint's label; {@link #build()} rejects a label no checkpoint has
   * @return this
   */
  public RecoveryScript failRestoreOf(String label) {
    unrestorable.add(Objects.requireNonNull(label, "label"));
    return this;
  }

  /** Make every {@code checkpoint(type, description)} fail with a StoreException, writing nothing. @return this */
  public RecoveryScript failCheckpoints() {
    failCheckpoints = true;
    return this;
  }

  /**
   * Use a scheduler shared with other contexts (as the engine shares one among its sessions)
   * instead of the context's own; {@link ScriptedRecoveryContext#close()} leaves it running.
   *
   * @param value the scheduler
   * @return this
   */
  public RecoveryScript scheduler(ScheduledExecutorService value) {
    scheduler = Objects.requireNonNull(value, "scheduler");
    return this;
  }

  /** Set the failure being recovered from. @param value the failure @return this */
  public RecoveryScript failure(Failure value) {
    failure = Objects.requireNonNull(value, "failure");
    return this;
  }

  /** Set the recovery options. @param value the options @return this */
  public RecoveryScript options(RecoveryConfig value) {
    options = Objects.requireNonNull(value, "options");
    return this;
  }

  /**
   * Build the context.
   *
   * @return the context
   * @throws IllegalArgumentException if {@link #failRestoreOf} names a label no checkpoint has
   */
  public ScriptedRecoveryContext build() {
    for (String label : unrestorable) {
      if (scripted.stream().noneMatch(s -> s.label().equals(label))) {
        throw new IllegalArgumentException("failRestoreOf(" + label + "): no checkpoint is labelled " + label);
      }
    }
    return new ScriptedRecoveryContext(this);
  }

  /** How a scripted checkpoint behaves when restored or validated. */
  enum Kind { GOOD, CORRUPT, INVALID }

  /** One scripted checkpoint: its label, behaviour and type (null: SESSION_START first, then USER_REQUESTED). */
  record Scripted(String label, Kind kind, @Nullable CheckpointType type) {}
}
