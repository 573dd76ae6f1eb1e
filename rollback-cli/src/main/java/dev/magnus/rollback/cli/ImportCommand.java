package dev.magnus.rollback.cli;

import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.SessionAlreadyExistsException;
import dev.magnus.rollback.core.SessionTransfer;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Read an export and write its sessions to a store, after every line verified (SessionTransfer). The
 * file store is created when --data does not exist yet, so an export can seed a new store.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Write the sessions of an export (`rollback export`) to a store. Every line is verified first "
        + "(its line hash, each state hash and chain hash, each audit entry's hash); nothing is written if one "
        + "fails, and the error names the line.",
        "A session the store already holds is refused unless --rename imports it as <id>-imported (its "
            + "checkpoints encoded again, labelled renamedFrom). Creates the file store if --data does not exist.",
        "Exit 1, with nothing written, for a refused line or a session that exists; 2 for a FILE that cannot be "
            + "read."})
final class ImportCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private StoreOptions storeOptions;

  @Option(names = "--rename", description = "Import a session the store already holds under a new id.")
  private boolean rename;

  @Parameters(index = "0", paramLabel = "FILE", converter = Arguments.NonEmptyPath.class,
      description = "The export to read.")
  private Path file;

  @Override
  public Integer call() throws IOException {
    SessionTransfer transfer = SessionTransfer.of(storeOptions.config(), storeOptions.environment());
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CheckpointStore store = storeOptions.open()) {
      SessionTransfer.Imported imported = transfer.importFrom(in, store, rename);
      Printer out = new Printer(spec.commandLine().getOut(), spec.commandLine().getColorScheme().ansi());
      out.good("imported " + imported.checkpoints() + " checkpoints of " + imported.sessions().size() + " session"
          + (imported.sessions().size() == 1 ? "" : "s") + " into the " + storeOptions.describe() + " ("
          + imported.auditEntries() + " audit entries verified)");
      for (Map.Entry<String, String> s : new TreeMap<>(imported.sessions()).entrySet()) {
        out.detail(s.getKey().equals(s.getValue()) ? s.getKey() : s.getKey() + " -> " + s.getValue() + " (renamed)");
      }
      return ExitCodes.OK;
    } catch (NoSuchFileException e) {
      throw CommandFailure.usage("no export file " + file + ": give the file `rollback export --out FILE` wrote");
    } catch (IntegrityViolationException e) {
      throw CommandFailure.problem(file + ": " + e.getMessage());
    } catch (SessionAlreadyExistsException e) {
      throw CommandFailure.problem(e.getMessage().replace("(rollback import --rename)", "(--rename)"));
    }
  }
}
