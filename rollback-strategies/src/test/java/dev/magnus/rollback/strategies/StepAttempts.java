package dev.magnus.rollback.strategies;

import dev.magnus.rollback.tck.ScriptedRecoveryContext;
import java.util.List;

/** The attempts a context received for the failed operation's steps, without the restore search's ("restore <id>"). */
final class StepAttempts {
  private StepAttempts() {}

  static List<ScriptedRecoveryContext.Attempt> of(ScriptedRecoveryContext context) {
    return context.attempts().stream().filter(a -> !a.step().orElse("").startsWith("restore ")).toList();
  }
}
