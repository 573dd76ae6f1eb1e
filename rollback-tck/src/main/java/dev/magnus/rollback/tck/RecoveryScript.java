package dev.magnus.rollback.tck;

import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;
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
  final Map<String, List<ScriptedAttempt>> steps = new LinkedHashMap<>();
  String idPrefix = "tck";
  Duration loadTakes = Duration.ZERO;
  int interruptAtWait;
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

  /**
   * Add a step to the failed operation, after those already added. Each call of its action behaves as
   * the matching value of {@code attempts} (the n-th call as the n-th value, later calls as the last),
   * and is recorded as a {@link StepRun}. No values means one that succeeds.
   *
   * @param name the step's name, unique in the script
   * @param attempts what each call does, for example {@code FAIL, FAIL, SUCCEED}
   * @return this
   * @throws IllegalArgumentException if the name is blank or already used
   */
  public RecoveryScript step(String name, ScriptedAttempt... attempts) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || steps.containsKey(name)) {
      throw new IllegalArgumentException("step name '" + name + "' is blank or used twice: give each step its own name");
    }
    List<ScriptedAttempt> plan = List.of(attempts);
    steps.put(name, plan.isEmpty() ? List.of(ScriptedAttempt.SUCCEED) : plan);
    return this;
  }

  /**
   * Name the checkpoints {@code <prefix>-1}, {@code <prefix>-2}, ... instead of {@code tck-1}, ..., so
   * that sessions or recoveries can be told apart by their ids.
   *
   * @param prefix 1 to 40 characters from {@code [0-9A-Za-z_-]}
   * @return this
   * @throws IllegalArgumentException for another prefix
   */
  public RecoveryScript idPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (!Pattern.matches("[0-9A-Za-z_-]{1,40}", prefix)) {
      throw new IllegalArgumentException("id prefix '" + prefix + "' is invalid: use 1 to 40 characters from [0-9A-Za-z_-]");
    }
    idPrefix = prefix;
    return this;
  }

  /**
   * Make every {@code load} and {@code restore} take virtual time: each moves the clock forward by the
   * amount, as a slow store would, so a duration measured on another clock shows.
   *
   * @param amount how long each takes; not negative
   * @return this
   * @throws IllegalArgumentException if the amount is negative
   */
  public RecoveryScript loadTakes(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("loadTakes must not be negative, was " + amount);
    }
    loadTakes = amount;
    return this;
  }

  /**
   * Interrupt the recovering thread during the n-th wait with a positive delay: when the virtual scheduler
   * would fire that wait, it interrupts the thread running {@link ScriptedRecoveryContext#recoverWith}
   * instead, once that thread waits and no step action runs. Needs the context's own virtual scheduler.
   *
   * @param n which wait, from 1
   * @return this
   * @throws IllegalArgumentException if n is below 1
   */
  public RecoveryScript interruptDuringWait(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("interruptDuringWait counts waits from 1, was " + n);
    }
    interruptAtWait = n;
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
   * @throws IllegalArgumentException if {@link #failRestoreOf} names a label no checkpoint has, or if
   *     steps were scripted with {@link #step} while the failure carries steps of its own
   */
  public ScriptedRecoveryContext build() {
    if (!steps.isEmpty() && !failure.steps().isEmpty()) {
      throw new IllegalArgumentException("the failure carries " + failure.steps().size() + " steps and "
          + steps.size() + " were scripted with step(...): use one or the other");
    }
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
