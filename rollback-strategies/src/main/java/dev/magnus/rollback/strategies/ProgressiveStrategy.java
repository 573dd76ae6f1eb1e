package dev.magnus.rollback.strategies;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RollbackException;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.spi.RecoveryContext;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/*
 * PROGRESSIVE: find where corruption began and restore the newest checkpoint before it.
 *
 * The model is the seed's: corruption appears at an unknown checkpoint and spreads forward, so the
 * candidates (every checkpoint but PRE_ROLLBACK, oldest first; see Candidates) are good up to some
 * index k and bad from k on. A checkpoint is bad when load() fails (integrity) or the validator
 * rejects its state. The strategy finds k with its BoundarySearch (LINEAR, oldest to newest, or
 * BISECT in O(log n) validations, chosen by recovery.progressive.mode under the single provider
 * name PROGRESSIVE), then restores candidate k-1, or the newest when none is bad. k = 0 (the oldest
 * is already bad) or no candidates is a FAILURE with the state unchanged. The result reports how many
 * validations ran. Stateless and thread-safe.
 */
final class ProgressiveStrategy implements RecoveryStrategy {
  static final String NAME = "PROGRESSIVE";

  private final BoundarySearch search;

  ProgressiveStrategy(BoundarySearch search) {
    this.search = Objects.requireNonNull(search, "search");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RecoveryResult recover(RecoveryContext context) {
    Objects.requireNonNull(context, "context");
    Results results = new Results(NAME, context);
    List<Checkpoint> candidates = Candidates.oldestFirst(context);
    if (candidates.isEmpty()) {
      return results.failure(0, 0, "session " + context.sessionId() + " has no checkpoint to restore");
    }
    Probe probe = new Probe(context, candidates);
    int firstBad = search.firstFailing(candidates.size(), probe::passes);
    if (firstBad == 0) {
      return results.failure(0, probe.validations, "the oldest checkpoint " + candidates.get(0).id()
          + " already fails (" + probe.problemAt(0) + "); nothing earlier to restore");
    }
    Checkpoint target = candidates.get(firstBad - 1);
    String found = firstBad == candidates.size()
        ? "no checkpoint failed validation"
        : "first bad checkpoint " + candidates.get(firstBad).id() + " (" + probe.problemAt(firstBad) + ")";
    try {
      RollbackResult rollback = context.restore(target.id());
      return results.success(target.id(), rollback.recoveryPoint().id(), 1, probe.validations,
          "restored checkpoint " + target.id() + " after " + probe.validations + " validations (" + search
              + "); " + found);
    } catch (RollbackException e) {
      return results.failure(1, probe.validations, "restoring checkpoint " + target.id() + " failed: "
          + Causes.describe(e) + "; " + found);
    }
  }

  /* Validates candidates on demand, counting validations and remembering each problem found. */
  private static final class Probe {
    private final RecoveryContext context;
    private final List<Checkpoint> candidates;
    private final String[] problems;
    int validations;

    Probe(RecoveryContext context, List<Checkpoint> candidates) {
      this.context = context;
      this.candidates = candidates;
      this.problems = new String[candidates.size()];
    }

    boolean passes(int index) {
      validations++;
      Optional<String> problem = Candidates.problem(context, candidates.get(index));
      problem.ifPresent(p -> problems[index] = p);
      return problem.isEmpty();
    }

    String problemAt(int index) {
      return problems[index];
    }
  }
}
