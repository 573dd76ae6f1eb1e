package dev.magnus.rollback.cli;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Roll a stored session back to one of its checkpoints with the engine's atomic rollback: verify the
 * target, append PRE_ROLLBACK, append RECOVERY_POINT (the commit point). Nothing is deleted.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = {"Roll a stored session back to one of its checkpoints, atomically: the target's hashes are "
        + "verified, then PRE_ROLLBACK (the current state) and RECOVERY_POINT (the target's state, the commit "
        + "point) are appended.", "History is kept: a later restore can roll forward again."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:restored; the RECOVERY_POINT is the new head",
        "1:not restored (unknown session or checkpoint, integrity violation, store failure); nothing changed",
        "2:bad usage (for example a malformed checkpoint id, or a --data that is missing, a file, or holds no file "
            + "store)"})
final class RestoreCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private StoreOptions storeOptions;

  @Parameters(index = "0", paramLabel = "SESSION", description = "The session to roll back.")
  private String sessionId;

  @Parameters(index = "1", paramLabel = "CHECKPOINT", converter = CheckpointIdConverter.class,
      description = "The id of the checkpoint to restore (see `rollback inspect SESSION`).")
  private CheckpointId checkpointId;

  @Override
  public Integer call() {
    Printer out = new Printer(spec.commandLine().getOut(), spec.commandLine().getColorScheme().ansi());
    try (SessionRollbackEngine engine = storeOptions.engine(storeOptions.config(), storeOptions.openExisting()).build()) {
      Session session = engine.resume(sessionId);
      RollbackResult result = session.rollbackToCheckpoint(checkpointId);
      out.good("restored session " + sessionId + " to #" + result.target().sequence() + " " + result.target().type()
          + " (" + checkpointId + ")");
      out.detail("PRE_ROLLBACK    #" + result.preRollback().sequence() + " " + result.preRollback().id()
          + " holds the state before the rollback");
      out.detail("RECOVERY_POINT  #" + result.recoveryPoint().sequence() + " " + result.recoveryPoint().id()
          + " is the new head");
      return 0;
    }
  }

  /** Parse a checkpoint id; a malformed one is a usage error. */
  static final class CheckpointIdConverter implements picocli.CommandLine.ITypeConverter<CheckpointId> {
    @Override
    public CheckpointId convert(String value) {
      try {
        return CheckpointId.of(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
