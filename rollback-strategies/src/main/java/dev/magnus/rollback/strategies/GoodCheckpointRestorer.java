package dev.magnus.rollback.strategies;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.RollbackException;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.spi.RecoveryContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/*
 * Restores the newest good checkpoint: the heart of IMMEDIATE and the first phase of DECOMPOSE.
 *
 * Candidates (see Candidates: every checkpoint but PRE_ROLLBACK) are tried newest first. A candidate
 * that fails load() or validation, or whose restore() throws, is rejected: the rejection is kept for
 * the result message and reported at once through context.attempted(n, "restore <id>", 0, reason),
 * where n counts the candidates tried so far. The first candidate that passes is restored with the
 * engine's atomic restore(), which writes PRE_ROLLBACK and the RECOVERY_POINT itself, and is reported
 * the same way with no cause once restored: every candidate tried is one reported attempt. Stateless;
 * runs on the recovering thread only.
 */
final class GoodCheckpointRestorer {
  private GoodCheckpointRestorer() {}

  /** What the search found and did. */
  record Restoration(Optional<RollbackResult> rollback, List<String> rejections, int validations, int restores) {
    String rejectionSummary() {
      return rejections.isEmpty() ? "" : "; skipped " + String.join(", ", rejections);
    }
  }

  static Restoration restoreNewest(RecoveryContext context) {
    List<Checkpoint> candidates = Candidates.oldestFirst(context);
    List<String> rejections = new ArrayList<>();
    int restores = 0;
    for (int i = candidates.size() - 1; i >= 0; i--) {
      Checkpoint candidate = candidates.get(i);
      Optional<String> problem = Candidates.problem(context, candidate);
      if (problem.isEmpty()) {
        restores++;
        try {
          RollbackResult restored = context.restore(candidate.id());
          context.attempted(rejections.size() + 1, Optional.of("restore " + candidate.id()), Duration.ZERO,
              Optional.empty());
          return new Restoration(Optional.of(restored), rejections, rejections.size() + 1, restores);
        } catch (RollbackException e) {
          problem = Optional.of("restore failed: " + Causes.describe(e));
        }
      }
      reject(context, candidate, problem.get(), rejections);
    }
    return new Restoration(Optional.empty(), rejections, candidates.size(), restores);
  }

  private static void reject(RecoveryContext context, Checkpoint candidate, String problem, List<String> rejections) {
    rejections.add(candidate.id() + " (" + problem + ")");
    context.attempted(rejections.size(), Optional.of("restore " + candidate.id()), Duration.ZERO, Optional.of(problem));
  }
}
