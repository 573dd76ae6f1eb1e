package dev.magnus.rollback.cli;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointNotFoundException;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.SessionNotFoundException;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Roll a stored session back to one of its checkpoints with the engine's atomic rollback: verify the
 * target, append PRE_ROLLBACK, append RECOVERY_POINT (the commit point). Nothing is deleted. An unknown
 * session or checkpoint, or a target that fails its check, is reported in CLI terms (which command
 * lists what), and nothing is written.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = {"Roll a stored session back to one of its checkpoints, atomically: the target's hashes are "
        + "verified, then PRE_ROLLBACK (the current state) and RECOVERY_POINT (the target's state, the commit "
        + "point) are appended.", "History is kept: a later restore can roll forward again.",
        "Exit 1, with nothing changed, for an unknown session or checkpoint, a target that fails its integrity "
            + "check, or a store failure."})
final class RestoreCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private StoreOptions storeOptions;

  @Parameters(index = "0", paramLabel = "SESSION", converter = Arguments.SessionId.class,
      description = "The session to roll back.")
  private String sessionId;

  @Parameters(index = "1", paramLabel = "CHECKPOINT", converter = Arguments.Checkpoint.class,
      description = "The id of the checkpoint to restore (see `rollback inspect SESSION`).")
  private CheckpointId checkpointId;

  @Override
  public Integer call() {
    Printer out = new Printer(spec.commandLine().getOut(), spec.commandLine().getColorScheme().ansi());
    RollbackConfig config = storeOptions.config();
    CheckpointStore store = storeOptions.openExisting();
    try (SessionRollbackEngine engine = storeOptions.engine(config, store).build()) {
      requireTarget(store);
      RollbackResult result = rollBack(engine, store);
      out.good("restored session " + sessionId + " to #" + result.target().sequence() + " " + result.target().type()
          + " (" + checkpointId + ")");
      out.detail("PRE_ROLLBACK    #" + result.preRollback().sequence() + " " + result.preRollback().id()
          + " holds the state before the rollback");
      out.detail("RECOVERY_POINT  #" + result.recoveryPoint().sequence() + " " + result.recoveryPoint().id()
          + " is the new head");
      return ExitCodes.OK;
    }
  }

  private void requireTarget(CheckpointStore store) {
    List<Checkpoint> checkpoints = store.list(sessionId, CheckpointQuery.all());
    if (checkpoints.isEmpty()) {
      throw CommandFailure.problem(Lookup.noSession(sessionId, store, storeOptions));
    }
    if (checkpoints.stream().noneMatch(c -> c.id().equals(checkpointId))) {
      throw CommandFailure.problem(Lookup.noCheckpoint(sessionId, checkpointId, storeOptions));
    }
  }

  private RollbackResult rollBack(SessionRollbackEngine engine, CheckpointStore store) {
    try {
      return engine.resume(sessionId).rollbackToCheckpoint(checkpointId);
    } catch (SessionNotFoundException e) {
      throw CommandFailure.problem(Lookup.noSession(sessionId, store, storeOptions));
    } catch (CheckpointNotFoundException e) {
      throw CommandFailure.problem(Lookup.noCheckpoint(sessionId, checkpointId, storeOptions));
    } catch (IntegrityViolationException e) {
      throw storeOptions.otherKey(storeOptions.verification(), store, sessionId).map(CommandFailure::usage)
          .orElseGet(() -> CommandFailure.problem("checkpoint " + checkpointId + " of session '" + sessionId
              + "' failed its integrity check, so it was not restored and nothing changed; `rollback verify"
              + storeOptions.again() + "` lists every damaged checkpoint, `rollback inspect " + sessionId
              + storeOptions.again() + "` lists the others to restore instead"));
    }
  }
}
