package dev.magnus.rollback.cli;

import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.SessionNotFoundException;
import dev.magnus.rollback.core.SessionTransfer;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Write sessions as JSON lines (SessionTransfer's format) to standard output or a file. Opens a file
 * store read-only. A file is written beside its target and moved into place only when the export is
 * complete, so a failed export leaves no half file.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Write sessions as JSON lines: a header, one line per checkpoint (descriptor and base64 payload, "
        + "oldest first), the sessions' audit entries from --data/audit.jsonl, and an end line; every line "
        + "carries a SHA-256 of its text. Each checkpoint is verified as it is read.",
        "Opens the file store read-only. `rollback import` reads the result.",
        "Exit 1, with nothing written, for an unknown session or a checkpoint that fails verification."})
final class ExportCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private StoreOptions storeOptions;

  @Option(names = "--out", paramLabel = "FILE", converter = Arguments.NonEmptyPath.class,
      description = "Write to this file instead of standard output (replaced only when the export is complete).")
  private @Nullable Path out;

  @Parameters(arity = "1..*", paramLabel = "SESSION", converter = Arguments.SessionId.class,
      description = "The sessions to export.")
  private List<String> sessions;

  @Override
  public Integer call() throws IOException {
    SessionTransfer transfer = SessionTransfer.of(storeOptions.config(), storeOptions.environment());
    long written;
    try (CheckpointStore store = storeOptions.openReadOnly()) {
      written = out == null ? toStdout(transfer, store) : toFile(transfer, store, out);
    } catch (SessionNotFoundException e) {
      throw CommandFailure.problem(e.getMessage());
    } catch (IntegrityViolationException e) {
      throw CommandFailure.problem(e.getMessage() + "; `rollback verify" + storeOptions.again() + "` lists the damage");
    }
    spec.commandLine().getErr().println("exported " + written + " checkpoint" + (written == 1 ? "" : "s") + " of "
        + sessions.size() + " session" + (sessions.size() == 1 ? "" : "s") + (out == null ? "" : " to " + out));
    return ExitCodes.OK;
  }

  private long toStdout(SessionTransfer transfer, CheckpointStore store) throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    long written = transfer.export(store, sessions, stdout, storeOptions.auditFile().orElse(null));
    stdout.flush();
    return written;
  }

  private long toFile(SessionTransfer transfer, CheckpointStore store, Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".partial");
    try {
      long written;
      try (Writer w = new OutputStreamWriter(Files.newOutputStream(temp), StandardCharsets.UTF_8)) {
        written = transfer.export(store, sessions, w, storeOptions.auditFile().orElse(null));
      }
      Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return written;
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
