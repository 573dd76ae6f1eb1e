package dev.magnus.rollback.cli;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.core.Verification;
import dev.magnus.rollback.spi.CheckpointStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Print one checkpoint's state as pretty JSON, after verifying it as a restore would. Opens a file
 * store read-only.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = {"Print the state a checkpoint holds (session id, revision, metadata, attributes) as pretty JSON, "
        + "after checking its state hash and chain hash as a restore would.",
        "Opens the file store read-only: nothing in --data is created, changed or repaired.",
        "Exit 1 for an unknown session or checkpoint, or a checkpoint that fails its check (the problem is "
            + "printed, the state is not)."})
final class ShowCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private StoreOptions storeOptions;

  @Option(names = "--json", description = "Print one JSON object: the checkpoint's descriptor and its state.")
  private boolean json;

  @Parameters(index = "0", paramLabel = "SESSION", converter = Arguments.SessionId.class,
      description = "The session.")
  private String sessionId;

  @Parameters(index = "1", paramLabel = "CHECKPOINT", converter = Arguments.Checkpoint.class,
      description = "The checkpoint's id (see `rollback inspect SESSION`).")
  private CheckpointId checkpointId;

  @Override
  public Integer call() {
    Verification verification = storeOptions.verification();
    Printer out = new Printer(spec.commandLine().getOut(), spec.commandLine().getColorScheme().ansi());
    try (CheckpointStore store = storeOptions.openReadOnly()) {
      Verification.Verified verified = VerifiedRead.of(storeOptions, store, verification, sessionId, checkpointId);
      String checked = VerifiedRead.checked(store, verified.checkpoint());
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session", sessionId);
        m.put("checkpoint", VerifiedRead.descriptor(verified.checkpoint()));
        m.put("verified", checked);
        m.put("state", StateDiff.tree(verified.state()));
        Json.print(out, m);
      } else {
        out.step("checkpoint", "session " + sessionId + " " + VerifiedRead.name(verified.checkpoint()) + " "
            + verified.checkpoint().createdAt() + ": " + verified.checkpoint().description());
        out.step("verified", checked);
        Json.print(out, StateDiff.tree(verified.state()));
      }
      return ExitCodes.OK;
    }
  }
}
