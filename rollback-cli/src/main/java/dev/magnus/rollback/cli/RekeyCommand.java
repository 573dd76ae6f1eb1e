package dev.magnus.rollback.cli;

import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.EncryptionKeyException;
import dev.magnus.rollback.core.KeyRotation;
import dev.magnus.rollback.spi.CheckpointStore;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Rewrap the data keys of encrypted sessions under one key, so that older keys can be retired: the
 * key ring's entries are rewritten, no checkpoint payload is. Crash-safe and resumable (see
 * {@link KeyRotation}).
 */
@Command(name = "rekey", mixinStandardHelpOptions = true,
    description = {"Rewrap the data keys of one encrypted session, or of all, under the key --active names, then "
        + "delete their older wrappings, so that an older key can be retired. No checkpoint is rewritten: each "
        + "session's payloads stay encrypted under its data key.",
        "Give with --key every key the data keys are wrapped under now, and the new one. Crash-safe: each new "
            + "wrapping is written and checked before the old one is deleted; run it again after an interruption "
            + "to finish.",
        "Exit 1 when a data key is wrapped only under a key not given (nothing of that data key changes)."})
final class RekeyCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private StoreOptions storeOptions;

  @Option(names = "--active", required = true, paramLabel = "ID",
      description = "The key id to wrap every data key under (one of the --key ids).")
  private String active;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SESSION", converter = Arguments.SessionId.class,
      description = "Only this session (default: every session of the store).")
  private @Nullable String sessionId;

  @Override
  public Integer call() {
    Printer out = new Printer(spec.commandLine().getOut(), spec.commandLine().getColorScheme().ansi());
    if (!storeOptions.keys.containsKey(active)) {
      throw new ParameterException(spec.commandLine(), "--active " + active + " is not among the --key ids "
          + storeOptions.keys.keySet() + ": give it with --key " + active + "=VAR");
    }
    EncryptionConfig config = new EncryptionConfig(storeOptions.keys, Optional.of(active));
    try (CheckpointStore store = storeOptions.openExisting()) {
      KeyRotation.Result result = KeyRotation.rekey(store, config, storeOptions.environment(), null,
          Optional.ofNullable(sessionId));
      out.good("rewrapped " + result.rewrapped() + " data key" + (result.rewrapped() == 1 ? "" : "s") + " under key '"
          + active + "', deleted " + result.retired() + " older wrapping" + (result.retired() == 1 ? "" : "s") + "; "
          + result.current() + " already under it only");
      return ExitCodes.OK;
    } catch (EncryptionKeyException e) {
      throw CommandFailure.problem(e.getMessage());
    }
  }
}
