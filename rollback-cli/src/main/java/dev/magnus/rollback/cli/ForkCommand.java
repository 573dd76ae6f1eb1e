package dev.magnus.rollback.cli;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointNotFoundException;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionAlreadyExistsException;
import dev.magnus.rollback.SessionNotFoundException;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Start a new session from a checkpoint of a stored one with the engine's fork: the checkpoint is
 * verified, the new session's SESSION_START holds its state labelled {@code forkedFrom}, and the source
 * is left untouched. An unknown session or checkpoint, a checkpoint that fails its check, or a new id
 * that exists is reported in CLI terms, and nothing is written.
 */
@Command(name = "fork", mixinStandardHelpOptions = true,
    description = {"Start a new session from a checkpoint of a stored session: the checkpoint's hashes are "
        + "verified, then the new session's SESSION_START holds its state, labelled forkedFrom (the source "
        + "session) and forkedFromCheckpoint.", "The source session is not changed.",
        "Exit 1, with nothing written, for an unknown session or checkpoint, a checkpoint that fails its "
            + "integrity check, a new id that exists, or a store failure."})
final class ForkCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private StoreOptions storeOptions;

  @Parameters(index = "0", paramLabel = "SESSION", converter = Arguments.SessionId.class,
      description = "The session to fork.")
  private String sessionId;

  @Parameters(index = "1", paramLabel = "CHECKPOINT", converter = Arguments.Checkpoint.class,
      description = "The id of the checkpoint whose state the new session starts from (see `rollback inspect SESSION`).")
  private CheckpointId checkpointId;

  @Parameters(index = "2", paramLabel = "NEW_SESSION", converter = Arguments.SessionId.class,
      description = "The id of the new session; it must not exist.")
  private String newSessionId;

  @Override
  public Integer call() {
    Printer out = new Printer(spec.commandLine().getOut(), spec.commandLine().getColorScheme().ansi());
    RollbackConfig config = storeOptions.config();
    CheckpointStore store = storeOptions.openExisting();
    try (SessionRollbackEngine engine = storeOptions.engine(config, store).build()) {
      Session forked = fork(engine, store);
      Checkpoint start = forked.checkpoints().get(0);
      out.good("forked session " + sessionId + " at " + checkpointId + " into " + newSessionId);
      out.detail("SESSION_START   #" + start.sequence() + " " + start.id() + " holds the checkpoint's state");
      return ExitCodes.OK;
    }
  }

  private Session fork(SessionRollbackEngine engine, CheckpointStore store) {
    try {
      return engine.fork(sessionId, checkpointId, newSessionId);
    } catch (SessionNotFoundException e) {
      throw CommandFailure.problem(Lookup.noSession(sessionId, store, storeOptions));
    } catch (CheckpointNotFoundException e) {
      throw CommandFailure.problem(Lookup.noCheckpoint(sessionId, checkpointId, storeOptions));
    } catch (SessionAlreadyExistsException e) {
      throw CommandFailure.problem("session '" + newSessionId + "' already exists in the " + storeOptions.describe()
          + ", so nothing was written: pick a new id (`rollback inspect" + storeOptions.again()
          + "` lists the sessions)");
    } catch (IntegrityViolationException e) {
      throw storeOptions.otherKey(storeOptions.verification(), store, sessionId).map(CommandFailure::usage)
          .orElseGet(() -> CommandFailure.problem("checkpoint " + checkpointId + " of session '" + sessionId
              + "' failed its integrity check, so nothing was forked or written; `rollback verify"
              + storeOptions.again() + "` lists every damaged checkpoint, `rollback inspect " + sessionId
              + storeOptions.again() + "` lists the others to fork from instead"));
    }
  }
}
