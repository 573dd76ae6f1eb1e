package dev.magnus.rollback.cli;

import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.IntegrityConfig;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.core.SessionTransfer;
import dev.magnus.rollback.spi.CheckpointStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Copy every session of one store into another with SessionTransfer: only what the target lacks is
 * written, so a copy interrupted at any point (kill -9 included) is completed by running it again; at
 * the end every descriptor and payload is compared. Both stores are opened for writing (a file source
 * too, since a read-only open refuses a store another process writes): nothing else may write to them
 * during the copy.
 */
@Command(name = "copy", mixinStandardHelpOptions = true,
    description = {"Copy every session of one store into another, then compare every descriptor and payload of "
        + "the two.",
        "A store is file:DIR, a provider NAME, or NAME:key=value,... with the provider's storage options (as "
            + "storage.options.NAME in the YAML), e.g. jdbc:url=jdbc:postgresql://host/db,user=app,passwordEnv=PGPASS "
            + "when rollback-store-jdbc is on the class path.",
        "Only checkpoints the target lacks are written, each verified first: a copy that was interrupted (even "
            + "killed) is completed by running the same command again, with nothing duplicated or lost.",
        "Exit 1 when a checkpoint fails verification, the target holds a session that is not a copy of the "
            + "source's, the comparison finds a difference, or a store fails; 2 for a malformed store; 3 for a store "
            + "that cannot be opened."})
final class CopyCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "STORE", converter = StoreSpec.Converter.class,
      description = "The store to copy from: file:DIR, NAME, or NAME:key=value,...")
  private StoreSpec from;

  @Option(names = "--to", required = true, paramLabel = "STORE", converter = StoreSpec.Converter.class,
      description = "The store to copy into (created if it is a new file store).")
  private StoreSpec to;

  @Option(names = "--hmac-key-env", paramLabel = "VAR", converter = Arguments.Name.class,
      defaultValue = "${sys:rollback.integrity.hmacKeyEnv}",
      description = "Environment variable holding the HMAC key the checkpoints were written with (default: the "
          + "system property rollback.integrity.hmacKeyEnv, else none).")
  private @Nullable String hmacKeyEnv;

  @Override
  public Integer call() {
    SessionTransfer transfer = SessionTransfer.of(config(), environment());
    if ("file".equals(from.name())) {
      DataDirectory.requireStore(spec.commandLine(), "--from", Path.of(String.valueOf(from.options().get("path"))));
    }
    SessionTransfer.Copied copied;
    try (CheckpointStore source = open(from, "--from"); CheckpointStore target = open(to, "--to")) {
      copied = transfer.copy(source, target);
    } catch (CheckpointConflictException | IntegrityViolationException e) {
      throw CommandFailure.problem(e.getMessage());
    } catch (StoreException e) {
      throw CommandFailure.problem(e.getMessage() + "; run the same copy again to resume it");
    }
    Printer out = new Printer(spec.commandLine().getOut(), spec.commandLine().getColorScheme().ansi());
    out.good("copied " + copied.copied() + " checkpoints of " + copied.sessions() + " session"
        + (copied.sessions() == 1 ? "" : "s") + " from " + from + " to " + to + (copied.alreadyPresent() == 0 ? ""
        : " (" + copied.alreadyPresent() + " were already there)") + "; every descriptor and payload compared");
    return ExitCodes.OK;
  }

  private RollbackConfig config() {
    if (hmacKeyEnv != null) {
      String key = environment().get(hmacKeyEnv);
      if (key == null || key.isEmpty()) {
        throw new ParameterException(spec.commandLine(), KeyAdvice.unset(hmacKeyEnv, spec.qualifiedName()));
      }
    }
    return RollbackConfig.custom()
        .integrity(hmacKeyEnv == null ? IntegrityConfig.ofDefaults() : IntegrityConfig.hmacFrom(hmacKeyEnv)).build();
  }

  private Map<String, String> environment() {
    return ((RollbackCommand) spec.root().userObject()).environment();
  }

  private CheckpointStore open(StoreSpec store, String option) {
    try {
      return SessionRollback.openStore(store.name(), store.storage(), CopyCommand.class.getClassLoader());
    } catch (ConfigInvalidException e) {
      throw new ParameterException(spec.commandLine(), option + " " + store + ": " + e.getMessage());
    } catch (StoreException e) {
      throw CommandFailure.unavailable(option + " " + store + ": " + e.getMessage(), e);
    }
  }
}
