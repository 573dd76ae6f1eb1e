package dev.magnus.rollback.metrics.micrometer;

import java.util.List;

/**
 * Name every meter this module registers, in one place: the README's meter table is compared with
 * {@link #ALL} by a test, so a meter cannot be added without its documentation. Stateless.
 */
final class MeterNames {
  static final String CHECKPOINTS_CREATED = "rollback.checkpoints.created";
  static final String CHECKPOINTS_SKIPPED = "rollback.checkpoints.skipped";
  static final String CHECKPOINTS_PRUNED = "rollback.checkpoints.pruned";
  static final String ROLLBACKS = "rollback.rollbacks";
  static final String RECOVERIES = "rollback.recoveries";
  static final String RECOVERY_ATTEMPTS = "rollback.recovery.attempts";
  static final String INTEGRITY_VIOLATIONS = "rollback.integrity.violations";
  static final String OBSERVER_FAILURES = "rollback.observer.failures";
  static final String STORE_CONFLICTS = "rollback.store.conflicts";
  static final String CHECKPOINT_CREATE = "rollback.checkpoint.create";
  static final String ROLLBACK = "rollback.rollback";
  static final String RECOVERY = "rollback.recovery";
  static final String STORE_APPEND = "rollback.store.append";
  static final String STORE_READ = "rollback.store.read";
  static final String CHECKPOINT_STORED_SIZE = "rollback.checkpoint.stored.size";
  static final String SESSIONS_OPEN = "rollback.sessions.open";
  static final String CHECKPOINTS_QUEUED = "rollback.checkpoints.queued";
  static final String STORE_SESSIONS = "rollback.store.sessions";
  static final String STORE_CHECKPOINTS = "rollback.store.checkpoints";
  static final String STORE_PAYLOAD_SIZE = "rollback.store.payload.size";
  static final String STORE_CORRUPTIONS = "rollback.store.corruptions";
  static final String STORE_GROUP_COMMIT_SIZE = "rollback.store.group.commit.size";
  static final String STORE_FORCE = "rollback.store.force";

  /** Every name, in the README's order. */
  static final List<String> ALL = List.of(CHECKPOINTS_CREATED, CHECKPOINTS_SKIPPED, CHECKPOINTS_PRUNED, ROLLBACKS,
      RECOVERIES, RECOVERY_ATTEMPTS, INTEGRITY_VIOLATIONS, OBSERVER_FAILURES, STORE_CONFLICTS, CHECKPOINT_CREATE,
      ROLLBACK, RECOVERY, STORE_APPEND, STORE_READ, CHECKPOINT_STORED_SIZE, SESSIONS_OPEN, CHECKPOINTS_QUEUED,
      STORE_SESSIONS, STORE_CHECKPOINTS, STORE_PAYLOAD_SIZE, STORE_CORRUPTIONS, STORE_GROUP_COMMIT_SIZE, STORE_FORCE);

  private MeterNames() {}
}
