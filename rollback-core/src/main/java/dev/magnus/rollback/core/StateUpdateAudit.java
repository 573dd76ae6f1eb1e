package dev.magnus.rollback.core;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.SessionState;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Audit a state update as STATE_UPDATED when {@code audit.stateUpdates} is on: the top-level attribute
 * keys whose values were added, changed or removed, sorted, and the new revision. Values never reach
 * the audit log. Stateless; called under the session's lock.
 */
final class StateUpdateAudit {
  private StateUpdateAudit() {}

  static void updated(DefaultSessionRollbackEngine engine, SessionState before, SessionState after) {
    if (!engine.config().audit().stateUpdates()) {
      return;
    }
    TreeSet<String> keys = new TreeSet<>(before.attributes().keySet());
    keys.addAll(after.attributes().keySet());
    keys.removeIf(k -> before.attributes().containsKey(k) == after.attributes().containsKey(k)
        && Objects.equals(before.attributes().get(k), after.attributes().get(k)));
    engine.audit().record(AuditAction.STATE_UPDATED, after.sessionId(), Outcome.SUCCESS,
        Map.of("keys", String.join(",", keys), "revision", Long.toString(after.revision())));
  }
}
