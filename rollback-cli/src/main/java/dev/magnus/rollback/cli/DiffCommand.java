package dev.magnus.rollback.cli;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.core.Verification;
import dev.magnus.rollback.spi.CheckpointStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Print what changed between the states of two checkpoints of a session, as JSON paths with old and
 * new values, both verified first. Opens a file store read-only.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = {"Print what changed from checkpoint A's state to checkpoint B's, one line per JSON path: "
        + "`  $.attributes.plan.step: 2 -> 3` for a changed value, `+ $.path: value` for an added one, "
        + "`- $.path: value` for a removed one. Both states are verified first, as a restore would.",
        "Opens the file store read-only: nothing in --data is created, changed or repaired.",
        "Exit 0 whether or not the states differ; 1 for an unknown session or checkpoint, or one that fails its "
            + "check."})
final class DiffCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private StoreOptions storeOptions;

  @Option(names = "--json", description = "Print a JSON array of {path, change, old, new} (old is absent for an "
      + "added value, new for a removed one).")
  private boolean json;

  @Parameters(index = "0", paramLabel = "SESSION", converter = Arguments.SessionId.class,
      description = "The session.")
  private String sessionId;

  @Parameters(index = "1", paramLabel = "A", converter = Arguments.Checkpoint.class,
      description = "The checkpoint to compare from (see `rollback inspect SESSION`).")
  private CheckpointId from;

  @Parameters(index = "2", paramLabel = "B", converter = Arguments.Checkpoint.class,
      description = "The checkpoint to compare to.")
  private CheckpointId to;

  @Override
  public Integer call() {
    Verification verification = storeOptions.verification();
    Printer out = new Printer(spec.commandLine().getOut(), spec.commandLine().getColorScheme().ansi());
    try (CheckpointStore store = storeOptions.openReadOnly()) {
      Verification.Verified a = VerifiedRead.of(storeOptions, store, verification, sessionId, from);
      Verification.Verified b = VerifiedRead.of(storeOptions, store, verification, sessionId, to);
      StateDiff diff = StateDiff.between(a.state(), b.state());
      if (json) {
        Json.print(out, diff.changes().stream().map(StateDiff.Change::json).toList());
        return ExitCodes.OK;
      }
      int n = diff.changes().size();
      out.step("diff", "session " + sessionId + ": " + VerifiedRead.name(a.checkpoint()) + " -> "
          + VerifiedRead.name(b.checkpoint()) + ", both verified: " + (n == 0 ? "no differences"
          : n + " change" + (n == 1 ? "" : "s")));
      diff.changes().forEach(c -> out.line(c.line()));
      return ExitCodes.OK;
    }
  }
}
